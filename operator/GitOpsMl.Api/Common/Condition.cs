using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Common;

/// <summary>Shaped like metav1.Condition so kstatus, Flux, Argo CD and `kubectl wait` understand it.</summary>
public sealed record Condition
{
    [Required, MaxLength(316)]
    [Description("What the condition reports: Ready (the summary), Reconciling, Stalled, or a kind's own such as Validated, Trained, GatesPassed, Drifting.")]
    public string Type { get; init; } = "";

    /// <summary>"True", "False" or "Unknown".</summary>
    [Required, Description("True, False or Unknown (still being decided, e.g. a run in progress).")]
    public ConditionStatus Status { get; init; }

    [Required, MinLength(1), MaxLength(1024)]
    [Description("A CamelCase word for the last transition, stable enough for tools to match on, e.g. DependencyNotFound or GatesFailed.")]
    public string Reason { get; init; } = "";

    [Required, MaxLength(32768)]
    [Description("What happened, for a person: names the failing object or field and its numbers.")]
    public string Message { get; init; } = "";

    [Minimum(0), Description("The metadata.generation the condition was set from; older than the object's generation means the latest spec is not judged yet.")]
    public long? ObservedGeneration { get; init; }

    [Required, Description("When status last changed (not reason or message).")]
    public DateTimeOffset LastTransitionTime { get; init; }
}

public enum ConditionStatus
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("True")] True,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("False")] False,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("Unknown")] Unknown,
}
