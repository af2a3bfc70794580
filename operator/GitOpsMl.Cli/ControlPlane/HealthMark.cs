using GitOpsMl.Api.Common;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>One glyph and colour per kstatus reading: ready, in progress, waiting or failed.</summary>
public static class HealthMark
{
    public static (string Glyph, string Color, string Text) Of(CustomResource resource)
    {
        var conditions = resource.GetStatus()?.Conditions;
        var ready = ConditionList.Get(conditions, ConditionTypes.Ready);
        if (ConditionList.IsTrue(conditions, ConditionTypes.Stalled)) return ("✖", "red", Text(ready, "Stalled"));
        return ready?.Status switch
        {
            ConditionStatus.True => ("✔", "green", ready.Message),
            ConditionStatus.False => ("✖", "yellow", Text(ready, "NotReady")),
            ConditionStatus.Unknown => ("◌", "blue", Text(ready, "Progressing")),
            _ => ("·", "grey", "not reconciled yet"),
        };
    }

    private static string Text(Condition? ready, string fallback) => ready is null ? fallback : $"{ready.Reason}: {ready.Message}";
}
