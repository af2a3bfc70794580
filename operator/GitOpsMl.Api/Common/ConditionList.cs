namespace GitOpsMl.Api.Common;

/// <summary>
/// Pure operations on a status' condition list (metav1 semantics): one condition per type,
/// lastTransitionTime moves only when the status does, and the list is kept sorted by type so
/// that two equal lists serialise to the same bytes (status writes compare content).
/// </summary>
public static class ConditionList
{
    public static Condition? Get(IReadOnlyList<Condition>? conditions, string type)
    {
        if (conditions is null) return null;
        foreach (var c in conditions)
            if (c.Type == type) return c;
        return null;
    }

    public static bool IsTrue(IReadOnlyList<Condition>? conditions, string type) =>
        Get(conditions, type)?.Status == ConditionStatus.True;

    /// <summary>
    /// A new list with <paramref name="condition"/> in place of any condition of its type. When the
    /// status did not change, the previous lastTransitionTime is kept (reason and message may change).
    /// </summary>
    public static List<Condition> Set(IReadOnlyList<Condition>? conditions, Condition condition)
    {
        var previous = Get(conditions, condition.Type);
        if (previous is not null && previous.Status == condition.Status)
            condition = condition with { LastTransitionTime = previous.LastTransitionTime };
        var result = new List<Condition>((conditions?.Count ?? 0) + 1);
        if (conditions is not null)
        {
            foreach (var c in conditions)
                if (c.Type != condition.Type) result.Add(c);
        }

        result.Add(condition);
        result.Sort(static (a, b) => string.CompareOrdinal(a.Type, b.Type));
        return result;
    }

    /// <summary>Sets a condition built from its parts; <paramref name="now"/> is its transition time if the status changed.</summary>
    public static List<Condition> Set(IReadOnlyList<Condition>? conditions, string type, ConditionStatus status,
        string reason, string message, DateTimeOffset now, long? observedGeneration = null) =>
        Set(conditions, new Condition
        {
            Type = type, Status = status, Reason = reason, Message = message,
            LastTransitionTime = now, ObservedGeneration = observedGeneration,
        });

    /// <summary>A new list without the condition of <paramref name="type"/>.</summary>
    public static List<Condition> Remove(IReadOnlyList<Condition>? conditions, string type) =>
        conditions is null ? [] : conditions.Where(c => c.Type != type).ToList();
}
