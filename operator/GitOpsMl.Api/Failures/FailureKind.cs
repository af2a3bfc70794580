namespace GitOpsMl.Api.Failures;

/// <summary>
/// What a failure means for whoever acts on it. The CLI maps each kind to an exit code and the
/// controller to Stalled (permanent for this spec and data) or a retry; both key on this alone,
/// never on the exception's type or message.
/// </summary>
public enum FailureKind
{
    /// <summary>The data cannot make a run: unreadable, breaks its schema, too few rows. Permanent until the data changes.</summary>
    InvalidData,

    /// <summary>The spec asks for something the run cannot honour. Permanent until the spec changes; validate catches these first.</summary>
    InvalidSpec,

    /// <summary>The loss became NaN or infinite. Permanent for this spec, data and seed.</summary>
    Diverged,

    /// <summary>The exported graph does not reproduce the trained network: no bundle may come of it.</summary>
    ParityFailed,

    /// <summary>Worth retrying as is: a file system or device that was busy or briefly away.</summary>
    Transient,

    /// <summary>A bug.</summary>
    Internal,
}
