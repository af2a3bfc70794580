namespace GitOpsMl.Cli.Commands;

/// <summary>Exit codes shared by every subcommand; documented in the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>validate: a manifest is invalid. train: the data violates its schema.</summary>
    public const int Invalid = 1;
    /// <summary>Usage or I/O error: bad arguments, unreadable path.</summary>
    public const int Usage = 2;
    /// <summary>train: the loss diverged (NaN/Inf); no bundle written.</summary>
    public const int Diverged = 3;
    /// <summary>An internal error: a bug, reported with its message.</summary>
    public const int Internal = 70;
}
