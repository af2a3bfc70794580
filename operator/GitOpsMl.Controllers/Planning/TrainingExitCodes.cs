using GitOpsMl.Api.Failures;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// How the control plane reads `gitopsml train`'s exit code: the trainer types its failures at the
/// source and exits with its kind's code (<see cref="FailureExitCodes"/>); here the kind decides stall
/// (permanent) or retry (transient, internal).
/// </summary>
public static class TrainingExitCodes
{
    public static bool IsPermanent(int? exitCode) => exitCode is { } code && FailureExitCodes.IsPermanent(FailureExitCodes.KindOf(code));

    public static string Reason(int? exitCode) => exitCode is { } code ? FailureExitCodes.KindOf(code).ToString() : "TrainingFailed";
}
