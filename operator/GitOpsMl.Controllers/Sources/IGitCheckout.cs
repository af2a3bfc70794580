using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Sources;

/// <summary>
/// The git side of a GitSource (Flux's source-controller): a clone kept in the state directory, fetched
/// on demand, and read-only checkouts named by commit. Failures are <see cref="Api.Failures.GitOpsMlFailure"/>s
/// whose reason names what failed (<see cref="GitSourceReasons"/>).
/// </summary>
public interface IGitCheckout
{
    /// <summary>
    /// Clones the repository the first time, fetches it otherwise, and resolves spec.ref to a commit;
    /// <paramref name="credentials"/> (from spec.secretRef) authenticate over http(s). A server that refuses
    /// them, or asks for credentials when there are none, fails with reason AuthenticationFailed.
    /// </summary>
    Task<GitRevision> FetchAsync(GitSource source, GitCredentials? credentials, CancellationToken ct);

    /// <summary>
    /// The folder holding the files of <paramref name="revision"/>: written once (complete or not at all) and
    /// named by the commit, so a restart finds it and never writes it again.
    /// </summary>
    Task<string> CheckoutAsync(GitSource source, GitRevision revision, CancellationToken ct);

    /// <summary>Deletes the source's checkouts of every commit but <paramref name="keep"/>, and any left half-written.</summary>
    void DeleteCheckoutsExcept(GitSource source, IReadOnlyCollection<string> keep);

    /// <summary>
    /// Deletes the source's clone, and its folder once no checkout is left in it (a deleted source's cleanup).
    /// Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when the clone cannot be removed.
    /// </summary>
    void DeleteClone(GitSource source);
}
