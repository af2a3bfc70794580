namespace GitOpsMl.Api.Common;

/// <summary>
/// A kind's conditions whose summary (the "happy" condition, usually Ready) is derived from a
/// list of dependents, as KServe's <c>apis.ConditionSet</c>: the first False dependent makes it
/// False with that dependent's reason and message; otherwise the first Unknown or missing one
/// makes it Unknown; otherwise it is True.
/// </summary>
public sealed class ConditionSet
{
    public ConditionSet(string happy, params string[] dependents)
    {
        if (dependents.Contains(happy)) throw new ArgumentException($"'{happy}' cannot depend on itself", nameof(dependents));
        Happy = happy;
        Dependents = dependents;
    }

    public string Happy { get; }
    public IReadOnlyList<string> Dependents { get; }

    /// <summary>Sets a dependent (or any) condition and re-derives the happy one.</summary>
    public List<Condition> Set(IReadOnlyList<Condition>? conditions, Condition condition) =>
        Recompute(ConditionList.Set(conditions, condition), condition.LastTransitionTime, condition.ObservedGeneration);

    public List<Condition> Set(IReadOnlyList<Condition>? conditions, string type, ConditionStatus status,
        string reason, string message, DateTimeOffset now, long? observedGeneration = null) =>
        Set(conditions, new Condition
        {
            Type = type, Status = status, Reason = reason, Message = message,
            LastTransitionTime = now, ObservedGeneration = observedGeneration,
        });

    /// <summary>The list with the happy condition derived from the dependents.</summary>
    public List<Condition> Recompute(IReadOnlyList<Condition>? conditions, DateTimeOffset now, long? observedGeneration = null) =>
        ConditionList.Set(conditions, Derive(conditions, now, observedGeneration));

    /// <summary>The happy condition the dependents imply (pure; no list is changed).</summary>
    public Condition Derive(IReadOnlyList<Condition>? conditions, DateTimeOffset now, long? observedGeneration = null)
    {
        Condition? unknown = null;
        string? missing = null;
        foreach (var type in Dependents)
        {
            var c = ConditionList.Get(conditions, type);
            if (c is null) { missing ??= type; continue; }
            if (c.Status == ConditionStatus.False) return Happy_(ConditionStatus.False, c.Reason, c.Message);
            if (c.Status == ConditionStatus.Unknown) unknown ??= c;
        }
        if (unknown is not null) return Happy_(ConditionStatus.Unknown, unknown.Reason, unknown.Message);
        if (missing is not null) return Happy_(ConditionStatus.Unknown, ConditionReasons.NotObserved, $"{missing} has not been reported yet");
        return Happy_(ConditionStatus.True, ConditionReasons.Succeeded, "");

        Condition Happy_(ConditionStatus status, string reason, string message) => new()
        {
            Type = Happy, Status = status, Reason = reason, Message = message,
            LastTransitionTime = now, ObservedGeneration = observedGeneration,
        };
    }

    /// <summary>Whether the happy condition is True in <paramref name="conditions"/>.</summary>
    public bool IsHappy(IReadOnlyList<Condition>? conditions) => ConditionList.IsTrue(conditions, Happy);
}
