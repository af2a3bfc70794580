namespace GitOpsMl.Local.Tests.Sources;

/// <summary>A test that needs git's git-http-backend (<see cref="AuthenticatedGitServer"/>); skipped with a message where it is absent.</summary>
public sealed class GitHttpBackendFactAttribute : FactAttribute
{
    public GitHttpBackendFactAttribute()
    {
        Skip = AuthenticatedGitServer.MissingReason;
    }
}
