using GitOpsMl.Api.Bundles;
using GitOpsMl.Serving.Batching;
using GitOpsMl.Serving.Bundles;
using GitOpsMl.Serving.Inference;
using GitOpsMl.Serving.Observability;
using GitOpsMl.Serving.Options;
using GitOpsMl.Serving.Quality;
using GitOpsMl.Serving.Shadow;
using GitOpsMl.Serving.Statistics;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace GitOpsMl.Serving.Models;

/// <summary>
/// One loaded, verified model version: its ONNX session, its batcher, its statistics and quality
/// window. Observes its own batches to remember predictions (for feedback) and count statistics.
/// </summary>
public sealed class ServedVersion : IBatchObserver, IAsyncDisposable
{
    private readonly OrtModelRunner _runner;
    private readonly PredictionStore _predictions;
    private readonly PredictionStore _shadowPredictions;
    private readonly ServingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Histogram.Child _batchSize;
    private readonly Histogram.Child _batchRequests;
    private readonly Histogram.Child _runDuration;

    public ServedVersion(string model, LoadedBundle bundle, ServingOptions options, ArrivalCounter arrivals, ArrivalCounter inFlight, OverloadSignal overload,
        PredictionStore predictions, PredictionStore shadowPredictions, ServingMetrics metrics, ILogger logger, TimeProvider time)
    {
        Model = model;
        Bundle = bundle;
        Schema = new ModelSchema(bundle.Manifest);
        _predictions = predictions;
        _shadowPredictions = shadowPredictions;
        _metrics = metrics;
        _logger = logger;
        try
        {
            _runner = new OrtModelRunner(OrtSessionFactory.Create(bundle.ModelBytes, options.Onnx), Schema, options.Batching.PadRowsTo);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BundleLoadException(bundle.Directory, $"model.onnx cannot be served: {e.Message}", e);
        }
        Statistics = new VersionStatistics(Schema, bundle.Profile, options.Statistics.Window, options.Statistics.Buckets, time, metrics, model, Version);
        Quality = new QualityWindow(Schema.Task, options.Statistics.QualitySamples, options.Statistics.Window, time);
        _batchSize = metrics.BatchSize.WithLabels(model, Version);
        _batchRequests = metrics.BatchRequests.WithLabels(model, Version);
        _runDuration = metrics.RunDuration.WithLabels(model, Version);
        Batcher = new DynamicBatcher(_runner.Run, Schema.OutputWidth, options.Batching, options.Onnx.ConcurrentRuns, arrivals, this, inFlight, overload);
    }

    public string Model { get; }

    public string Version => Bundle.Manifest.Version;

    public LoadedBundle Bundle { get; }

    public BundleManifest Manifest => Bundle.Manifest;

    public ModelSchema Schema { get; }

    public DynamicBatcher Batcher { get; }

    public VersionStatistics Statistics { get; }

    public QualityWindow Quality { get; }

    public ShadowTracker Shadow { get; } = new();

    /// <summary>Measured batch-thread time per request (run and completions): sizes the model's admission bound.</summary>
    public ServiceTimeEstimate ServiceTime { get; } = new();

    /// <summary>Runs rows directly, bypassing the batcher (benchmarks and tests).</summary>
    public float[] RunDirect(RowBatch rows) => _runner.Run([rows], rows.Rows);

    void IBatchObserver.BeforeComplete(IReadOnlyList<BatchItem> items, float[] output, int width)
    {
        var offset = 0;
        foreach (var item in items)
        {
            var length = item.Rows.Rows * width;
            (item.IsShadow ? _shadowPredictions : _predictions).Add(item.RequestId, item.Alias, Version, output.AsSpan(offset, length), item.Rows.Rows, width);
            offset += length;
        }
    }

    void IBatchObserver.AfterComplete(IReadOnlyList<BatchItem> items, float[] output, int width, int rows, TimeSpan runTime, TimeSpan serviceTime)
    {
        _batchSize.Observe(rows);
        _batchRequests.Observe(items.Count);
        _runDuration.Observe(runTime.TotalSeconds);
        ServiceTime.Record(serviceTime, items.Count);
        Statistics.Record(items, output, width);
    }

    void IBatchObserver.RunFailed(IReadOnlyList<BatchItem> items, Exception error) =>
        ServingLog.RunFailed(_logger, error, Model, Version, items.Count, error.Message);

    public async ValueTask DisposeAsync()
    {
        await Batcher.CloseAsync().ConfigureAwait(false);
        _runner.Dispose();
    }
}
