using System.Globalization;
using System.Net.Http.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Data.Drift;
using GitOpsMl.Serving.Statistics;

namespace GitOpsMl.Local.Observation;

/// <summary>
/// Reads every replica's /metrics and /v2/models/{model}/stats over HTTP and merges them: counters
/// and histogram buckets are summed, so a p99 is computed over all replicas' requests; a replica
/// that does not answer is skipped (its readiness is the executor's business, not analysis').
/// </summary>
public sealed class HttpServingObserver(HttpClient http) : IServingObserver
{
    public async Task<ServingTraffic> ReadTrafficAsync(IReadOnlyList<ReplicaState> replicas, string model, CancellationToken ct = default)
    {
        var requests = new Dictionary<string, double>();
        var errors = new Dictionary<string, double>();
        var buckets = new Dictionary<(string Version, double Le), double>();
        var shadowRuns = new Dictionary<string, double>();
        var shadowErrors = new Dictionary<string, double>();
        var shadowBuckets = new Dictionary<(string Version, double Le), double>();
        var byReplica = new Dictionary<string, long>();
        var routing = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        double inFlight = 0, agree = 0, disagree = 0;
        foreach (var replica in replicas)
        {
            IReadOnlyList<PrometheusSample> samples;
            try { samples = PrometheusTextParser.Parse(await http.GetStringAsync(new Uri(replica.Endpoint, "/metrics"), ct)); }
            catch (HttpRequestException) { continue; }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { continue; }
            double received = 0;
            Dictionary<string, double>? routed = null;
            foreach (var s in samples)
            {
                if (s.Label("model") != model && s.Name != "gitopsml_shadow_rows_total") continue;
                switch (s.Name)
                {
                    case "gitopsml_requests_total":
                        var version = s.Label("version");
                        requests[version] = requests.GetValueOrDefault(version) + s.Value;
                        received += s.Value;
                        if (int.TryParse(s.Label("code"), out var code) && code >= 500) errors[version] = errors.GetValueOrDefault(version) + s.Value;
                        break;
                    case "gitopsml_request_duration_seconds_bucket" when s.Label("code") == "200":
                        var le = UpperBound(s);
                        buckets[(s.Label("version"), le)] = buckets.GetValueOrDefault((s.Label("version"), le)) + s.Value;
                        break;
                    case "gitopsml_shadow_requests_total":
                        var shadow = s.Label("version");
                        shadowRuns[shadow] = shadowRuns.GetValueOrDefault(shadow) + s.Value;
                        if (s.Label("outcome") == "error") shadowErrors[shadow] = shadowErrors.GetValueOrDefault(shadow) + s.Value;
                        break;
                    case "gitopsml_shadow_duration_seconds_bucket":
                        var bound = UpperBound(s);
                        shadowBuckets[(s.Label("version"), bound)] = shadowBuckets.GetValueOrDefault((s.Label("version"), bound)) + s.Value;
                        break;
                    case "gitopsml_routing_weight_percent":
                        (routed ??= [])[s.Label("version")] = s.Value;
                        break;
                    case "gitopsml_inflight_requests":
                        inFlight += s.Value;
                        break;
                    case "gitopsml_shadow_rows_total" when s.Label("model") is "" || s.Label("model") == model:
                        if (s.Label("outcome") == "agree") agree += s.Value; else if (s.Label("outcome") == "disagree") disagree += s.Value;
                        break;
                }
            }
            byReplica[replica.Name] = (long)received;
            if (routed is not null) routing[replica.Name] = routed;
        }
        var versions = requests.Keys.Where(v => v.Length > 0).ToDictionary(v => v, v =>
        {
            var p99 = HistogramQuantile.Of(0.99, buckets.Where(b => b.Key.Version == v).Select(b => (b.Key.Le, b.Value)).ToList());
            return new VersionTraffic(v, (long)requests[v], (long)errors.GetValueOrDefault(v), p99 * 1000);
        });
        var shadows = shadowRuns.Keys.Where(v => v.Length > 0).ToDictionary(v => v, v =>
        {
            var p99 = HistogramQuantile.Of(0.99, shadowBuckets.Where(b => b.Key.Version == v).Select(b => (b.Key.Le, b.Value)).ToList());
            return new VersionTraffic(v, (long)shadowRuns[v], (long)shadowErrors.GetValueOrDefault(v), p99 * 1000);
        });
        var compared = agree + disagree;
        return new ServingTraffic(versions, inFlight, compared > 0 ? agree / compared : null, (long)compared) { Shadows = shadows, RequestsByReplica = byReplica, RoutingByReplica = routing };
    }

    private static double UpperBound(PrometheusSample s) =>
        s.Label("le") == "+Inf" ? double.PositiveInfinity : double.Parse(s.Label("le"), CultureInfo.InvariantCulture);

    public async Task<ObservedWindow?> ReadWindowAsync(IReadOnlyList<ReplicaState> replicas, string model, string version, CancellationToken ct = default)
    {
        var windows = new List<VersionStats>();
        foreach (var replica in replicas)
        {
            try
            {
                var stats = await http.GetFromJsonAsync<ModelStatsResponse>(new Uri(replica.Endpoint, $"/v2/models/{Uri.EscapeDataString(model)}/stats"), ApiJson.Options, ct);
                if (stats?.Versions.FirstOrDefault(v => v.Version == version) is { } window) windows.Add(window);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
        }
        if (windows.Count == 0) return null;
        var drift = LiveWindowMerge.Merge(windows.Select(ToDrift).ToList());
        // Quality merges weighted by each replica's labelled rows: exact for accuracy and MAE, an approximation for AUC and RMSE.
        var labeled = windows.Sum(w => w.Quality.Labeled);
        var quality = windows.SelectMany(w => w.Quality.Values().Select(v => (v.Metric, v.Value, Weight: (double)w.Quality.Labeled)))
            .GroupBy(x => x.Metric)
            .Where(g => g.Sum(x => x.Weight) > 0)
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Value * x.Weight) / g.Sum(x => x.Weight));
        return new ObservedWindow(version, drift, quality, labeled);
    }

    /// <summary>The server's statistics record as the drift scorer reads it (same fields, drift part only).</summary>
    private static LiveWindow ToDrift(VersionStats stats) => new()
    {
        Samples = stats.Samples,
        Features = stats.Features.ToDictionary(f => f.Key, f => Counts(f.Value)),
        Predictions = new LivePredictionCounts
        {
            Count = stats.Predictions.Count,
            Classes = stats.Predictions.Classes,
            Score = stats.Predictions.Score is { } score ? Counts(score) : null,
        },
    };

    private static LiveFeatureCounts Counts(FeatureStats f) => new()
    {
        Kind = f.Kind, Count = f.Count, Missing = f.Missing, BinEdges = f.BinEdges, BinCounts = f.BinCounts,
        Categories = f.Categories, Unseen = f.Unseen,
    };
}
