namespace GitOpsMl.Api.Common;

/// <summary>The condition vocabulary shared by every kind, plus the kind-specific ones.</summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";
    public const string Validated = "Validated";
    public const string Trained = "Trained";
    public const string GatesPassed = "GatesPassed";
    public const string Progressing = "Progressing";
    public const string Drifting = "Drifting";
    public const string QualityBreached = "QualityBreached";
}
