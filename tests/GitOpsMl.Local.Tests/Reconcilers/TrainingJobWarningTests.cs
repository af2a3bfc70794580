using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Controllers.Store;
using GitOpsMl.Local.Observation;
using GitOpsMl.Local.Tests.Store;

namespace GitOpsMl.Local.Tests.Reconcilers;

/// <summary>A run that finished with warnings registers them on its ModelVersion and tells them as Warning events on the TrainingJob.</summary>
public sealed class TrainingJobWarningTests : IDisposable
{
    private const string Few = "the model trains for only 60 optimizer steps (20 epochs × 3 batches of up to 256 from 623 training rows), fewer than 500";
    private readonly StoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>Every run has finished and left the given bundle.</summary>
    private sealed class FinishedExecutor(string bundle) : ITrainingExecutor
    {
        public Task<TrainingRunState> EnsureStartedAsync(TrainingRunRequest request, CancellationToken ct = default) => throw new InvalidOperationException("nothing should start");

        public Task<TrainingRunState?> ObserveAsync(string runName, CancellationToken ct = default) =>
            Task.FromResult<TrainingRunState?>(new TrainingRunState(runName, TrainingRunPhase.Succeeded) { BundlePath = bundle, ExitCode = 0 });

        public Task CancelAsync(string runName, CancellationToken ct = default) => Task.CompletedTask;
    }

    private sealed class RecordingEvents : IEventRecorder
    {
        public List<(string Kind, EventSeverity Type, string Reason, string Message)> Events { get; } = [];

        public Task RecordAsync(CustomResource about, EventSeverity type, string reason, string message, CancellationToken ct = default)
        {
            Events.Add((about.Kind, type, reason, message));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_run_with_a_warning_registers_it_on_the_version_and_warns_on_the_job()
    {
        var (events, version) = await RegisterAsync($$"""[{"reason":"FewOptimizerSteps","message":"{{Few}}"}]""");

        var warning = Assert.Single(version.Spec.Warnings!);
        Assert.Equal((TrainingWarning.FewOptimizerSteps, Few), (warning.Reason, warning.Message));
        Assert.Contains(("TrainingJob", EventSeverity.Warning, TrainingWarning.FewOptimizerSteps, $"version 1: {Few}"), events.Events);
        Assert.Contains(events.Events, e => e.Reason == "VersionRegistered");
    }

    [Fact]
    public async Task A_run_without_warnings_registers_none_and_warns_of_nothing()
    {
        var (events, version) = await RegisterAsync(null);

        Assert.Null(version.Spec.Warnings);
        Assert.DoesNotContain(events.Events, e => e.Type == EventSeverity.Warning);
    }

    private async Task<(RecordingEvents Events, ModelVersion Version)> RegisterAsync(string? warningsJson)
    {
        var store = _fixture.Store;
        var now = _fixture.Time.GetUtcNow();
        var ready = ConditionList.Set(null, "Ready", ConditionStatus.True, "Ready", "ready", now);
        await store.CreateAsync(new Model { Metadata = new ObjectMeta { Name = "churn" } });
        var dataset = await store.CreateAsync(StoreFixture.Dataset("churn"));
        await store.UpdateStatusAsync((Dataset)dataset with { Status = new DatasetStatus { Sha256 = new string('a', 64), Conditions = ready } });
        var featureSet = await store.CreateAsync(new FeatureSet
        {
            Metadata = new ObjectMeta { Name = "churn" },
            Spec = new FeatureSetSpec { DatasetRef = new LocalObjectReference { Name = "churn" }, Label = new LabelSpec { Column = "y" } },
        });
        await store.UpdateStatusAsync((FeatureSet)featureSet with { Status = new FeatureSetStatus { Conditions = ready } });
        var job = (TrainingJob)await store.CreateAsync(new TrainingJob
        {
            Metadata = new ObjectMeta { Name = "churn" },
            Spec = new TrainingJobSpec { FeatureSetRef = new LocalObjectReference { Name = "churn" }, ModelRef = new LocalObjectReference { Name = "churn" } },
        });

        var events = new RecordingEvents();
        var registrar = new ModelVersionRegistrar(store, StoreCache.Synced(store), new LocalBundleInspector());
        var reconciler = new TrainingJobReconciler(store, new FinishedExecutor(Bundle(warningsJson)), registrar, new DataRootResolver(), events, _fixture.Time);
        await reconciler.ReconcileAsync(job, CancellationToken.None);

        var versions = await store.ListAsync("ModelVersion");
        return (events, (ModelVersion)Assert.Single(versions.Items));
    }

    /// <summary>A bundle folder reduced to what registration reads (manifest, metrics, the model's digest).</summary>
    private string Bundle(string? warningsJson)
    {
        var dir = Path.Combine(_fixture.Directory, "bundle");
        Directory.CreateDirectory(dir);
        var model = System.Text.Encoding.UTF8.GetBytes("model");
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), model);
        File.WriteAllText(Path.Combine(dir, "manifest.json"),
            $$$"""{"model":"churn","version":"v","task":"binary","inputs":[],"files":{"model.onnx":"{{{ContentHash.OfBytes(model)}}}"},"lineage":{"seed":1}}""");
        var warnings = warningsJson is null ? "" : $",\"warnings\":{warningsJson}";
        File.WriteAllText(Path.Combine(dir, "metrics.json"),
            $$"""{"task":"binary","test":{"auc":0.8},"slices":{},"sliceRows":{},"validation":[],"bestEpoch":1,"rows":{"train":1,"validation":1,"test":1},"parity":{"rows":1,"maxAbsDifference":0,"tolerance":0.00001}{{warnings}}}""");
        return dir;
    }
}
