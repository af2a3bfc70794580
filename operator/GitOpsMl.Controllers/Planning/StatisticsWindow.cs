using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// The span the servers' sliding statistics window covers for a Deployment: the longest drift.window of
/// the Monitors watching it, so each has at least the traffic it asked for (a Monitor asking less judges
/// the longer window: status.statisticsWindow of the Deployment says which); <see cref="Default"/> without one.
/// </summary>
public static class StatisticsWindow
{
    /// <summary>The servers' own default, which needs no flag.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);

    public static TimeSpan For(IEnumerable<MonitorSpec> monitors) =>
        monitors.Select(MonitorEvaluator.Window).DefaultIfEmpty(Default).Max();
}
