using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Common;

/// <summary>Shaped like metav1.Condition so kstatus, Flux, Argo CD and `kubectl wait` understand it.</summary>
public sealed record Condition
{
    [Required, MaxLength(316)] public string Type { get; init; } = "";

    /// <summary>"True", "False" or "Unknown".</summary>
    [Required] public ConditionStatus Status { get; init; }

    [Required, MinLength(1), MaxLength(1024)] public string Reason { get; init; } = "";
    [Required, MaxLength(32768)] public string Message { get; init; } = "";
    [Minimum(0)] public long? ObservedGeneration { get; init; }
    [Required] public DateTimeOffset LastTransitionTime { get; init; }
}

public enum ConditionStatus
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("True")] True,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("False")] False,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("Unknown")] Unknown,
}
