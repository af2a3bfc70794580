namespace GitOpsMl.Api.Failures;

/// <summary>
/// The process exit code of each failure kind, in both directions: the CLI exits with it, and the
/// controller, watching a `gitopsml train` child or a Job, reads the kind back to decide stall or retry.
/// </summary>
public static class FailureExitCodes
{
    public const int Invalid = 1;
    public const int Usage = 2;
    public const int Diverged = 3;
    public const int ParityFailed = 4;
    public const int Internal = 70;
    public const int Transient = 75;
    public const int Cancelled = 130;

    public static int For(FailureKind kind) => kind switch
    {
        FailureKind.InvalidData or FailureKind.InvalidSpec => Invalid,
        FailureKind.Diverged => Diverged,
        FailureKind.ParityFailed => ParityFailed,
        FailureKind.Transient => Transient,
        _ => Internal,
    };

    /// <summary>The kind an exit code stands for; usage errors count as an invalid spec (the same arguments fail the same way).</summary>
    public static FailureKind KindOf(int exitCode) => exitCode switch
    {
        Invalid or Usage => FailureKind.InvalidSpec,
        Diverged => FailureKind.Diverged,
        ParityFailed => FailureKind.ParityFailed,
        Transient or Cancelled => FailureKind.Transient,
        _ => FailureKind.Internal,
    };

    /// <summary>Permanent for the same spec and data: retrying cannot help, so the controller stalls.</summary>
    public static bool IsPermanent(FailureKind kind) =>
        kind is FailureKind.InvalidData or FailureKind.InvalidSpec or FailureKind.Diverged or FailureKind.ParityFailed;
}
