using GitOpsMl.Api.Failures;
using GitOpsMl.Controllers.Sources;
using LibGit2Sharp;

namespace GitOpsMl.Local.Sources;

/// <summary>
/// The credentials of one clone or fetch as libgit2 takes them: basic authentication through its credentials
/// callback, a bearer token as an <c>Authorization</c> header on every request. It also tells a refusal by the
/// server apart from other failures, by counting how often libgit2 asked for credentials.
/// </summary>
internal sealed class GitAuthentication(GitCredentials? credentials)
{
    private int _asked;

    /// <summary><paramref name="options"/> with the credentials set (the same object, for chaining).</summary>
    public FetchOptions Apply(FetchOptions options)
    {
        options.CredentialsProvider = Provide;
        if (credentials is GitCredentials.BearerToken bearer) options.CustomHeaders = [$"Authorization: Bearer {bearer.Token}"];
        return options;
    }

    /// <summary>
    /// libgit2 asks on each 401. The first time, basic credentials are given; asked again, they were refused, and
    /// a credential of a type HTTP does not take ends the attempt at once (libgit2 would otherwise replay the
    /// refused password up to 15 times). A bearer token has nothing to give: a 401 means the header was refused.
    /// </summary>
    private Credentials Provide(string url, string usernameFromUrl, SupportedCredentialTypes types)
    {
        var asked = Interlocked.Increment(ref _asked);
        return asked == 1 && credentials is GitCredentials.Basic basic
            ? new UsernamePasswordCredentials { Username = basic.Username, Password = basic.Password }
            : new DefaultCredentials();
    }

    /// <summary>
    /// The failure of a clone or fetch of <paramref name="url"/>: AuthenticationFailed when the server refused
    /// the credentials or asked for some, else <paramref name="reason"/>. Its message is libgit2's, which holds
    /// the URL and the status, never a credential.
    /// </summary>
    public GitOpsMlFailure Failure(LibGit2SharpException e, string reason, string what, string url)
    {
        // Basic credentials are given at the first ask: only a second ask means the server refused them.
        var refusedAt = credentials is GitCredentials.Basic ? 2 : 1;
        if (Volatile.Read(ref _asked) < refusedAt) return new GitOpsMlFailure(FailureKind.Transient, reason, $"{what} {url}: {e.Message}", e);
        var message = credentials switch
        {
            GitCredentials.Basic basic => $"{url} refused the credentials of spec.secretRef (basic authentication as \"{basic.Username}\"): " +
                "check username and password in the Secret (many servers take a token as the password)",
            GitCredentials.BearerToken => $"{url} refused the bearerToken of spec.secretRef (HTTP 401): check the token in the Secret and its scopes",
            _ => $"{url} asks for credentials (HTTP 401): set spec.secretRef to a Secret with username and password, or bearerToken",
        };
        return new GitOpsMlFailure(FailureKind.Transient, GitSourceReasons.AuthenticationFailed, message, e).AtField("spec.secretRef");
    }
}
