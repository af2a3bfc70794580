using System.Collections.Concurrent;
using System.Diagnostics;
using Prometheus;

namespace GitOpsMl.Serving.Observability;

/// <summary>Records request count and latency per (model, version, endpoint, code), caching the labelled series so the hot path does one dictionary lookup.</summary>
public sealed class RequestMetrics(ServingMetrics metrics)
{
    private readonly ConcurrentDictionary<(string Model, string Version, string Endpoint, int Code), (Counter.Child Count, Histogram.Child Latency)> _series = new();

    public void Record(string model, string version, string endpoint, int code, long startedTimestamp)
    {
        var key = (model, version, endpoint, code);
        if (!_series.TryGetValue(key, out var series))
        {
            var codeText = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            series = _series.GetOrAdd(key, k => (
                metrics.Requests.WithLabels(k.Model, k.Version, k.Endpoint, codeText),
                metrics.Latency.WithLabels(k.Model, k.Version, codeText)));
        }
        series.Count.Inc();
        series.Latency.Observe(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds);
    }
}
