using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// The routing file the replicas hot-reload (GitOpsMl.Serving's RoutingFileParser):
/// {model: {stable, canary, canaryWeight, shadow, bundles}}. Both bundle folders are listed, so a
/// new canary or a promotion loads into running replicas without a restart. Without a canary the
/// weight and shadow are dropped (the server refuses them without one).
/// </summary>
public static class RoutingFileContent
{
    public static byte[] For(ServingPlan plan)
    {
        var canary = plan.Canary is { } c && c.Version != plan.Stable.Version ? c : null;
        var bundles = new List<string> { Path.GetFullPath(plan.Stable.BundlePath) };
        if (canary is not null) bundles.Add(Path.GetFullPath(canary.BundlePath));
        var rule = new Rule(plan.Stable.Version, canary?.Version, canary is null ? 0 : Math.Clamp(plan.CanaryWeight, 0, 100), canary is not null && plan.Shadow, bundles);
        var file = new Dictionary<string, Rule> { [plan.ModelName] = rule };
        return JsonSerializer.SerializeToUtf8Bytes(file, ApiJson.Indented);
    }

    private sealed record Rule(string Stable, string? Canary, double CanaryWeight, bool Shadow, IReadOnlyList<string> Bundles);
}
