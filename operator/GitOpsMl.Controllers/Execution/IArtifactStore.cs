namespace GitOpsMl.Controllers.Execution;

/// <summary>Where bundles live (a folder locally, object storage in a cluster); retention deletes through it.</summary>
public interface IArtifactStore
{
    Task DeleteAsync(string uri, CancellationToken ct = default);
}
