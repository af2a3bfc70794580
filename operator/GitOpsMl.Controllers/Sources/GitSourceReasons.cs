namespace GitOpsMl.Controllers.Sources;

/// <summary>Condition and failure reasons of a GitSource (machine-readable; the message names the URL, ref or file).</summary>
public static class GitSourceReasons
{
    /// <summary>The repository could not be cloned (wrong URL, unreachable host, needs credentials); retried with backoff.</summary>
    public const string CloneFailed = "GitCloneFailed";

    /// <summary>An existing clone could not be fetched; retried with backoff.</summary>
    public const string FetchFailed = "GitFetchFailed";

    /// <summary>The branch, tag or commit of spec.ref is not in the repository; retried with backoff (it may be pushed).</summary>
    public const string RefNotFound = "GitRefNotFound";

    /// <summary>The commit could not be written out to its checkout folder.</summary>
    public const string CheckoutFailed = "GitCheckoutFailed";

    /// <summary>spec.path does not exist in the revision, or leaves the repository.</summary>
    public const string PathNotFound = "PathNotFound";

    /// <summary>The revision's manifests fail validation: nothing of it is applied.</summary>
    public const string ValidationFailed = "ValidationFailed";

    /// <summary>The Secret of spec.secretRef does not exist (or cannot be read); retried with backoff, as it may be created.</summary>
    public const string SecretNotFound = "SecretNotFound";

    /// <summary>The Secret of spec.secretRef holds neither username and password nor bearerToken (or both); retried with backoff.</summary>
    public const string SecretInvalid = "SecretInvalid";

    /// <summary>ssh credentials (spec.url over ssh, or a Secret holding identity): only https with basic auth or a bearer token is read.</summary>
    public const string SshUnsupported = "SshUnsupported";

    /// <summary>The server refused the credentials (or asked for some and none were given); retried with backoff.</summary>
    public const string AuthenticationFailed = "AuthenticationFailed";

    /// <summary>spec.suspend is true.</summary>
    public const string Suspended = "Suspended";

    /// <summary>Event: a revision was applied (objects created, changed or pruned).</summary>
    public const string Applied = "Applied";

    /// <summary>Event: the source was deleted and its finalizer cleaned up (objects pruned or left, clone removed).</summary>
    public const string Deleted = "Deleted";

    /// <summary>Event: the clone folder of a deleted source could not be removed (the deletion goes on).</summary>
    public const string CleanupFailed = "CleanupFailed";
}
