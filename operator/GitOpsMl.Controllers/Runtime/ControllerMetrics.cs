using Prometheus;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// The control plane's Prometheus metrics, on a registry the host chooses (a fresh one per test,
/// so tests do not share counters through the global registry).
/// </summary>
public sealed class ControllerMetrics
{
    public ControllerMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        Reconciles = f.CreateCounter("gitopsml_reconciles_total", "Reconciles by kind and outcome (succeeded, progressing, waiting, stalled, error).",
            new CounterConfiguration { LabelNames = ["kind", "outcome"] });
        Duration = f.CreateHistogram("gitopsml_reconcile_duration_seconds", "Time spent in one reconcile, status write included.",
            new HistogramConfiguration { LabelNames = ["kind"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        Errors = f.CreateCounter("gitopsml_reconcile_errors_total", "Reconciles that threw (transient errors retried with backoff).",
            new CounterConfiguration { LabelNames = ["kind"] });
        QueueDepth = f.CreateGauge("gitopsml_workqueue_depth", "Keys waiting in a controller's work queue.",
            new GaugeConfiguration { LabelNames = ["kind"] });
    }

    public Counter Reconciles { get; }
    public Histogram Duration { get; }
    public Counter Errors { get; }
    public Gauge QueueDepth { get; }
}
