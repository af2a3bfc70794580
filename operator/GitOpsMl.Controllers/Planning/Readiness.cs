using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// kstatus's reading of an object: Ready=True for the current generation. A dependency that is
/// not ready is named with its own Ready message, so the waiting object says why.
/// </summary>
public static class Readiness
{
    public static Condition? ReadyCondition(CustomResource resource) =>
        resource.GetStatus()?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);

    public static bool IsReady(CustomResource resource) =>
        ReadyCondition(resource) is { Status: ConditionStatus.True } ready
        && (ready.ObservedGeneration is null || ready.ObservedGeneration == resource.Metadata.Generation);

    public static string Describe(CustomResource resource) =>
        ReadyCondition(resource) is { } c
            ? $"{resource.Kind} {resource.Metadata.Name} is not Ready ({c.Reason}: {c.Message})"
            : $"{resource.Kind} {resource.Metadata.Name} has not been reconciled yet";
}
