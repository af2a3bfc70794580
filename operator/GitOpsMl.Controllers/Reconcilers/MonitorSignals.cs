using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// Reads the Monitors watching a Deployment: a Monitor whose Drifting or QualityBreached condition is
/// True asks, through its spec's actions, to block promotion or roll back.
/// </summary>
public static class MonitorSignals
{
    public static async Task<IReadOnlyList<MonitorSignal>> ForAsync(IObjectStore store, Deployment deployment, CancellationToken ct)
    {
        var monitors = (await store.ListAsync("Monitor", ObjectKey.NamespaceOf(deployment.Metadata.Namespace), ct)).Items
            .OfType<Api.Kinds.Monitor>().Where(m => m.Spec.DeploymentRef.Name == deployment.Metadata.Name);
        var verdicts = new List<MonitorSignal>();
        foreach (var monitor in monitors)
        {
            var conditions = monitor.Status?.Conditions;
            var drifting = ConditionList.Get(conditions, ConditionTypes.Drifting) is { Status: ConditionStatus.True } d ? d : null;
            var quality = ConditionList.Get(conditions, ConditionTypes.QualityBreached) is { Status: ConditionStatus.True } q ? q : null;
            var actions = new List<(MonitorAction Action, Condition Condition)>();
            if (drifting is not null) actions.Add((monitor.Spec.Actions?.OnDrift ?? MonitorAction.Alert, drifting));
            if (quality is not null) actions.Add((monitor.Spec.Actions?.OnQualityBreach ?? MonitorAction.Alert, quality));
            if (actions.Count == 0) continue;
            var message = $"Monitor {monitor.Metadata.Name}: {string.Join("; ", actions.Select(a => a.Condition.Message))}";
            verdicts.Add(new MonitorSignal(monitor.Metadata.Name,
                actions.Any(a => a.Action is MonitorAction.BlockPromotion or MonitorAction.Rollback),
                actions.Any(a => a.Action == MonitorAction.Rollback), message));
        }
        return verdicts;
    }
}
