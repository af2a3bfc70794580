using GitOpsMl.Api.Failures;

namespace GitOpsMl.Cli.Commands;

/// <summary>Exit codes shared by every subcommand, and the one map from a failure to its code; documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>validate: a manifest is invalid. train: the spec cannot make a run, or the data violates its schema.</summary>
    public const int Invalid = FailureExitCodes.Invalid;
    /// <summary>Usage or I/O error: bad arguments, unreadable path.</summary>
    public const int Usage = FailureExitCodes.Usage;
    /// <summary>train: the loss diverged (NaN/Inf); no bundle written.</summary>
    public const int Diverged = FailureExitCodes.Diverged;
    /// <summary>train: the exported ONNX graph does not reproduce the trained network; no bundle written.</summary>
    public const int ParityFailed = FailureExitCodes.ParityFailed;
    /// <summary>An internal error: a bug, reported with its message (sysexits' EX_SOFTWARE).</summary>
    public const int Internal = FailureExitCodes.Internal;
    /// <summary>A transient failure: running again as is may succeed (sysexits' EX_TEMPFAIL).</summary>
    public const int Transient = FailureExitCodes.Transient;
    /// <summary>Cancelled (Ctrl-C / SIGTERM): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = FailureExitCodes.Cancelled;

    /// <summary>
    /// The exit code of any exception that ends a command. Everything not listed is a bug and exits
    /// <see cref="Internal"/>, never System.CommandLine's default 1, which means "invalid input".
    /// </summary>
    public static int For(Exception e) => e switch
    {
        GitOpsMlFailure f => For(f.Kind),
        OperationCanceledException => Cancelled,
        IOException or UnauthorizedAccessException => Usage,
        _ => Internal,
    };

    public static int For(FailureKind kind) => FailureExitCodes.For(kind);

    /// <summary>How a failure is told on stderr: the object at fault first, then what happened; bugs say so.</summary>
    public static string Describe(Exception e) => e switch
    {
        GitOpsMlFailure { Object: { } key } f => $"{key.Kind}/{key.Name}{(f.Field is null ? "" : $" {f.Field}")}: {f.Message.TrimEnd('.')}",
        GitOpsMlFailure f => f.Message.TrimEnd('.'),
        OperationCanceledException => "cancelled",
        IOException or UnauthorizedAccessException => e.Message.TrimEnd('.'),
        _ => $"internal error ({e.GetType().Name}): {e.Message.TrimEnd('.')}",
    };
}
