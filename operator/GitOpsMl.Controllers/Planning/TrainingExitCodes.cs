namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// How the control plane reads `gitopsml train`'s exit code: the trainer types its failures at
/// the source and maps them to these codes; here they decide stall (permanent) or retry (transient).
/// </summary>
public static class TrainingExitCodes
{
    public const int InvalidInput = 1;
    public const int Usage = 2;
    public const int Diverged = 3;

    /// <summary>Permanent for these inputs: rerunning the same data and spec gives the same refusal.</summary>
    public static bool IsPermanent(int? exitCode) => exitCode is InvalidInput or Usage or Diverged;

    public static string Reason(int? exitCode) => exitCode switch
    {
        InvalidInput => "InvalidInput",
        Usage => "InvalidInput",
        Diverged => "Diverged",
        _ => "TrainingFailed",
    };
}
