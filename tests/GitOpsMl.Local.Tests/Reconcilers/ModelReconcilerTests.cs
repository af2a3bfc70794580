using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using GitOpsMl.Local.Execution;
using GitOpsMl.Local.Tests.Store;

namespace GitOpsMl.Local.Tests.Reconcilers;

/// <summary>The Model reconciler on a real store: gate verdicts recorded on versions, retention that never touches a served version.</summary>
public sealed class ModelReconcilerTests : IDisposable
{
    private readonly StoreFixture _fixture = new();
    private readonly string _artifacts;

    public ModelReconcilerTests() => _artifacts = System.IO.Path.Combine(_fixture.Directory, "artifacts");

    private ModelReconciler Reconciler(IObjectCache? cache = null)
    {
        var events = new StoreEventRecorder(_fixture.Store, _fixture.Time);
        return new ModelReconciler(_fixture.Store, cache ?? StoreCache.Synced(_fixture.Store), new LocalArtifactStore(_artifacts), new StatusWriter(_fixture.Store, events), events, _fixture.Time);
    }

    private async Task<Model> ModelAsync(int keepLast, params GateSpec[] gates) => (Model)await _fixture.Store.CreateAsync(new Model
    {
        Metadata = new ObjectMeta { Name = "churn" },
        Spec = new ModelSpec { Gates = [.. gates], Retention = new RetentionSpec { KeepLast = keepLast } },
    });

    private async Task<string> VersionAsync(Model model, int number, double auc)
    {
        var folder = System.IO.Path.Combine(_artifacts, $"run-{number}");
        Directory.CreateDirectory(folder);
        await _fixture.Store.CreateAsync(new ModelVersion
        {
            Metadata = new ObjectMeta
            {
                Name = $"churn-{number}",
                OwnerReferences = [new OwnerReference(model.ApiVersion, "Model", "churn", model.Metadata.Uid!) { Controller = true }],
            },
            Spec = new ModelVersionSpec
            {
                ModelRef = new LocalObjectReference { Name = "churn" }, Version = number, Task = PredictionTask.Binary,
                TrainingJobRef = new LocalObjectReference { Name = "churn" },
                Artifact = new ArtifactRef { Uri = new Uri(folder).AbsoluteUri, Sha256 = new string('a', 64) },
                Metrics = new Dictionary<string, double> { ["auc"] = auc },
            },
        });
        return folder;
    }

    private async Task<ModelVersion> Version(int number) => (ModelVersion)(await _fixture.Store.GetAsync(ObjectKey.For("ModelVersion", null, $"churn-{number}")))!;

    [Fact]
    public async Task Each_new_version_is_judged_once_with_every_gate_on_record_and_an_event_on_the_model()
    {
        var model = await ModelAsync(10, new GateSpec { Metric = "auc", Min = 0.75 });
        await VersionAsync(model, 1, 0.80);
        await VersionAsync(model, 2, 0.70);

        var result = await Reconciler().ReconcileAsync(model, CancellationToken.None);

        Assert.Equal(ModelVersionPhase.Approved, (await Version(1)).Status!.Phase);
        var rejected = await Version(2);
        Assert.Equal(ModelVersionPhase.Rejected, rejected.Status!.Phase);
        Assert.Contains(rejected.Status.GateResults!, g => !g.Passed && g.Value == 0.70);
        var status = Assert.IsType<ModelStatus>(result.Status);
        Assert.Equal(("v2", "v1", 2), (status.LatestVersion, status.LatestApprovedVersion, status.VersionCount));
        var events = await _fixture.Store.ListEventsAsync(ObjectKey.Of(model));
        Assert.Contains(events, e => e.Reason == "VersionRejected" && e.Message.Contains("v2"));
        Assert.Contains(events, e => e.Reason == "VersionApproved" && e.Message.Contains("v1"));
    }

    [Fact]
    public async Task Retention_deletes_old_unapproved_artifacts_but_never_a_version_a_deployment_serves()
    {
        var model = await ModelAsync(1, new GateSpec { Metric = "auc", Min = 0.75 });
        var served = await VersionAsync(model, 1, 0.70);   // rejected by the gate, yet served (pinned)
        var old = await VersionAsync(model, 2, 0.70);      // rejected and unserved: retention's to take
        var newest = await VersionAsync(model, 3, 0.70);   // within keepLast
        await _fixture.Store.CreateAsync(new Deployment { Metadata = new ObjectMeta { Name = "churn" }, Spec = new DeploymentSpec { ModelRef = new LocalObjectReference { Name = "churn" } } });
        var deployment = (Deployment)(await _fixture.Store.GetAsync(ObjectKey.For("Deployment", null, "churn")))!;
        await _fixture.Store.UpdateStatusAsync(deployment with { Status = new DeploymentStatus { StableVersion = "v1" } });

        await Reconciler().ReconcileAsync(model, CancellationToken.None);

        Assert.True(Directory.Exists(served));
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(newest));
        Assert.Equal(ModelVersionPhase.Retired, (await Version(2)).Status!.Phase);
        Assert.NotEqual(ModelVersionPhase.Retired, (await Version(1)).Status!.Phase);
        Assert.Contains(await _fixture.Store.ListEventsAsync(ObjectKey.Of(model)), e => e.Reason == "VersionRetired" && e.Message.StartsWith("v2"));
    }

    [Fact]
    public async Task A_lagging_cache_neither_judges_a_version_twice_nor_retires_one_approved_since()
    {
        var model = await ModelAsync(1, new GateSpec { Metric = "auc", Min = 0.75 });
        var first = await VersionAsync(model, 1, 0.80);
        await VersionAsync(model, 2, 0.80);
        var stale = await StoreCache.SnapshotAsync(_fixture.Store, "ModelVersion", "Deployment");   // both still candidates here

        await Reconciler().ReconcileAsync(model, CancellationToken.None);
        var approved = await Version(1);
        await Reconciler(stale).ReconcileAsync(model, CancellationToken.None);

        // v1 is beyond keepLast 1 and a candidate in the stale copy, but approved in the store: kept, judged once.
        Assert.True(Directory.Exists(first));
        Assert.Equal(ModelVersionPhase.Approved, (await Version(1)).Status!.Phase);
        Assert.Equal(approved.Metadata.ResourceVersion, (await Version(1)).Metadata.ResourceVersion);
        var events = await _fixture.Store.ListEventsAsync(ObjectKey.Of(model));
        Assert.Equal(1, Assert.Single(events, e => e.Reason == "VersionApproved" && e.Message.StartsWith("v1")).Count);
    }

    public void Dispose() => _fixture.Dispose();
}
