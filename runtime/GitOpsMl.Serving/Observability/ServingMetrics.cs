using Prometheus;

namespace GitOpsMl.Serving.Observability;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (so several servers in one process,
/// as in tests, never share counters). Exposed at GET /metrics.
/// </summary>
public sealed class ServingMetrics
{
    public static readonly double[] LatencyBuckets =
        [0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Finer than <see cref="LatencyBuckets"/> at the low end: most stages of a request take microseconds.</summary>
    public static readonly double[] StageBuckets =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    public ServingMetrics(int maxBatchSize) : this(maxBatchSize, maxBatchSize)
    {
    }

    /// <param name="maxBatchSize">Most rows the batcher merges into one run.</param>
    /// <param name="maxRequestRows">Most rows one request can carry (it then runs alone): the row histogram's buckets reach it, so no request lands only in +Inf.</param>
    public ServingMetrics(int maxBatchSize, long maxRequestRows)
    {
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        Requests = f.CreateCounter("gitopsml_requests_total", "Inference requests by model, answering version, endpoint and HTTP status code.",
            new CounterConfiguration { LabelNames = ["model", "version", "endpoint", "code"] });
        Latency = f.CreateHistogram("gitopsml_request_duration_seconds", "Inference request latency (body read to response written) by model, version and status code.",
            new HistogramConfiguration { LabelNames = ["model", "version", "code"], Buckets = LatencyBuckets });
        Stages = f.CreateHistogram("gitopsml_request_stage_seconds", "Answered (200) requests' server-side time by stage: read, queue, batch, run, complete, write.",
            new HistogramConfiguration { LabelNames = ["model", "stage"], Buckets = StageBuckets });
        Shed = f.CreateCounter("gitopsml_shed_total", "Requests answered 429 by model and rule: admission (bound reached, body not read), queue_full, queue_timeout (waited past the target while overloaded).",
            new CounterConfiguration { LabelNames = ["model", "reason"] });
        BatchSize = f.CreateHistogram("gitopsml_batch_size_rows", "Rows per ONNX Runtime run (a request larger than the batch size runs alone).",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = RowBuckets(maxBatchSize, maxRequestRows) });
        BatchRequests = f.CreateHistogram("gitopsml_batch_requests", "Requests merged into one ONNX Runtime run.",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = RowBuckets(maxBatchSize, maxBatchSize) });
        RunDuration = f.CreateHistogram("gitopsml_run_duration_seconds", "Duration of one ONNX Runtime Run().",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = LatencyBuckets });
        QueueDepth = f.CreateGauge("gitopsml_queue_depth", "Requests waiting for a batch.", new GaugeConfiguration { LabelNames = ["model", "version"] });
        InFlight = f.CreateGauge("gitopsml_inflight_requests", "Inference requests being processed.", new GaugeConfiguration { LabelNames = ["model"] });
        LoadFailures = f.CreateCounter("gitopsml_model_load_failures_total", "Bundles refused (sha256 mismatch, bad manifest, model not loadable).",
            new CounterConfiguration { LabelNames = ["model"] });
        ModelReady = f.CreateGauge("gitopsml_model_version_loaded", "1 while a model version is loaded; role is stable, canary, shadow or idle.",
            new GaugeConfiguration { LabelNames = ["model", "version", "role"] });
        ShadowComparisons = f.CreateCounter("gitopsml_shadow_rows_total", "Rows compared between the answering version and its shadow, by outcome (agree, disagree).",
            new CounterConfiguration { LabelNames = ["model", "stable", "shadow", "outcome"] });
        ShadowAgreement = f.CreateGauge("gitopsml_shadow_agreement_ratio", "Share of shadow-compared rows where both versions agreed.",
            new GaugeConfiguration { LabelNames = ["model", "stable", "shadow"] });
        ShadowDropped = f.CreateCounter("gitopsml_shadow_dropped_total", "Shadow copies not run (shadow queue full or failed).",
            new CounterConfiguration { LabelNames = ["model", "shadow"] });
        // A shadow answers no client, so its requests_total and request_duration stay empty: these say how its mirrored runs went, for canary analysis.
        ShadowRequests = f.CreateCounter("gitopsml_shadow_requests_total", "Mirrored requests a shadow version ran, by outcome (ok, error: the run failed or the shadow cannot take the answering version's inputs).",
            new CounterConfiguration { LabelNames = ["model", "version", "outcome"] });
        ShadowLatency = f.CreateHistogram("gitopsml_shadow_duration_seconds", "A shadow version's successful mirrored runs, from enqueue to its output (queue, batch and run).",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = LatencyBuckets });
        Feedback = f.CreateCounter("gitopsml_feedback_labels_total", "Labels received and joined to a prediction.",
            new CounterConfiguration { LabelNames = ["model", "version"] });
        // One gauge per quantity, so that no series mixes units (a ratio, nats, the target's units).
        var quality = new GaugeConfiguration { LabelNames = ["model", "version"] };
        LiveQuality = new Dictionary<string, Gauge>(StringComparer.Ordinal)
        {
            ["accuracy"] = f.CreateGauge("gitopsml_live_accuracy_ratio", "Accuracy over the window from label feedback (0-1).", quality),
            ["auc"] = f.CreateGauge("gitopsml_live_auc_ratio", "ROC AUC over the window from label feedback (0-1; binary classifiers).", quality),
            ["logLoss"] = f.CreateGauge("gitopsml_live_log_loss_nats", "Mean log loss per labelled row over the window, in nats.", quality),
            ["rmse"] = f.CreateGauge("gitopsml_live_rmse", "Root mean squared error over the window from label feedback, in the target's units (regression).", quality),
            ["mae"] = f.CreateGauge("gitopsml_live_mae", "Mean absolute error over the window from label feedback, in the target's units (regression).", quality),
        };
        FeatureOutOfRange = f.CreateCounter("gitopsml_feature_out_of_range_total", "Numeric input values outside the training [min, max] of the bundle's profile, by feature.",
            new CounterConfiguration { LabelNames = ["model", "version", "feature"] });
        FeatureUnseen = f.CreateCounter("gitopsml_feature_unseen_total", "Categorical input values not among the training categories of the bundle's profile, by feature.",
            new CounterConfiguration { LabelNames = ["model", "version", "feature"] });
        RoutingWeight = f.CreateGauge("gitopsml_routing_weight_percent", "Percent of a model's requests each loaded version answers under the routing in force (a shadow answers none).",
            new GaugeConfiguration { LabelNames = ["model", "version"] });
        RoutingReloads = f.CreateCounter("gitopsml_routing_reloads_total", "Routing file reloads by result (applied, failed).",
            new CounterConfiguration { LabelNames = ["result"] });
    }

    /// <summary>Powers of two up to the batch size, then powers of four up to the largest request, each bound included.</summary>
    public static double[] RowBuckets(int maxBatchSize, long maxRequestRows)
    {
        var buckets = new SortedSet<double>();
        for (long b = 1; b < maxBatchSize; b *= 2) buckets.Add(b);
        buckets.Add(maxBatchSize);
        for (long b = (long)maxBatchSize * 4; b < maxRequestRows; b *= 4) buckets.Add(b);
        buckets.Add(Math.Max(maxBatchSize, maxRequestRows));
        return buckets.ToArray();
    }

    public CollectorRegistry Registry { get; }
    public Counter Requests { get; }
    public Histogram Latency { get; }
    public Histogram Stages { get; }
    public Counter Shed { get; }
    public Histogram BatchSize { get; }
    public Histogram BatchRequests { get; }
    public Histogram RunDuration { get; }
    public Gauge QueueDepth { get; }
    public Gauge InFlight { get; }
    public Counter LoadFailures { get; }
    public Gauge ModelReady { get; }
    public Counter ShadowComparisons { get; }
    public Gauge ShadowAgreement { get; }
    public Counter ShadowDropped { get; }
    public Counter ShadowRequests { get; }
    public Histogram ShadowLatency { get; }
    public Counter Feedback { get; }
    /// <summary>Live quality gauges by the metric names of QualityStats.Values().</summary>
    public IReadOnlyDictionary<string, Gauge> LiveQuality { get; }
    public Counter RoutingReloads { get; }

    /// <summary>What this replica routes, so the control plane reports the weight in force, not only the one it asked for.</summary>
    public Gauge RoutingWeight { get; }
    public Counter FeatureOutOfRange { get; }
    public Counter FeatureUnseen { get; }
}
