using GitOpsMl.Api.Failures;

namespace GitOpsMl.Cli.Commands;

/// <summary>Exit codes shared by every subcommand, and the one map from a failure to its code; documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>validate: a manifest is invalid. train: the spec cannot make a run, or the data violates its schema.</summary>
    public const int Invalid = 1;
    /// <summary>Usage or I/O error: bad arguments, unreadable path.</summary>
    public const int Usage = 2;
    /// <summary>train: the loss diverged (NaN/Inf); no bundle written.</summary>
    public const int Diverged = 3;
    /// <summary>train: the exported ONNX graph does not reproduce the trained network; no bundle written.</summary>
    public const int ParityFailed = 4;
    /// <summary>An internal error: a bug, reported with its message (sysexits' EX_SOFTWARE).</summary>
    public const int Internal = 70;
    /// <summary>A transient failure: running again as is may succeed (sysexits' EX_TEMPFAIL).</summary>
    public const int Transient = 75;
    /// <summary>Cancelled (Ctrl-C / SIGTERM): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;

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

    public static int For(FailureKind kind) => kind switch
    {
        FailureKind.InvalidData or FailureKind.InvalidSpec => Invalid,
        FailureKind.Diverged => Diverged,
        FailureKind.ParityFailed => ParityFailed,
        FailureKind.Transient => Transient,
        _ => Internal,
    };

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
