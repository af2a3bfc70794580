using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Local.Observation;
using GitOpsMl.Local.Tests.Store;

namespace GitOpsMl.Local.Tests.Reconcilers;

/// <summary>Version numbers come from the cache and what this registrar assigned: never reused, even when the cache lags.</summary>
public sealed class ModelVersionRegistrarTests : IDisposable
{
    private readonly StoreFixture _fixture = new();

    [Fact]
    public async Task Versions_registered_one_after_another_get_consecutive_numbers_though_the_cache_has_seen_none()
    {
        var (job, model) = await ObjectsAsync();
        var lagging = await StoreCache.SnapshotAsync(_fixture.Store, "ModelVersion");
        var registrar = new ModelVersionRegistrar(_fixture.Store, lagging, new LocalBundleInspector());

        var first = await registrar.RegisterAsync(job, model, Key('a'), "churn-a", Bundle("a"), CancellationToken.None);
        var second = await registrar.RegisterAsync(job, model, Key('b'), "churn-b", Bundle("b"), CancellationToken.None);
        var again = await registrar.RegisterAsync(job, model, Key('a'), "churn-a", Bundle("a"), CancellationToken.None);

        Assert.Equal((1, 2), (first.Spec.Version, second.Spec.Version));
        Assert.Equal(first.Metadata.Uid, again.Metadata.Uid);   // the same run key registers once
    }

    [Fact]
    public async Task A_new_registrar_continues_after_the_highest_version_the_cache_holds()
    {
        var (job, model) = await ObjectsAsync();
        await new ModelVersionRegistrar(_fixture.Store, StoreCache.Synced(_fixture.Store), new LocalBundleInspector())
            .RegisterAsync(job, model, Key('a'), "churn-a", Bundle("a"), CancellationToken.None);

        // A restarted control plane: nothing assigned in memory, the cache synced from the store.
        var restarted = new ModelVersionRegistrar(_fixture.Store, StoreCache.Synced(_fixture.Store), new LocalBundleInspector());
        var next = await restarted.RegisterAsync(job, model, Key('b'), "churn-b", Bundle("b"), CancellationToken.None);

        Assert.Equal(2, next.Spec.Version);
    }

    private static string Key(char c) => new(c, 64);

    private async Task<(TrainingJob Job, Model Model)> ObjectsAsync()
    {
        var model = (Model)await _fixture.Store.CreateAsync(new Model { Metadata = new ObjectMeta { Name = "churn" } });
        var job = (TrainingJob)await _fixture.Store.CreateAsync(new TrainingJob
        {
            Metadata = new ObjectMeta { Name = "churn" },
            Spec = new TrainingJobSpec { FeatureSetRef = new LocalObjectReference { Name = "churn" }, ModelRef = new LocalObjectReference { Name = "churn" } },
        });
        return (job, model);
    }

    /// <summary>A bundle folder as the trainer leaves it, reduced to what registration reads (manifest, metrics, the model's digest).</summary>
    private string Bundle(string version)
    {
        var dir = Path.Combine(_fixture.Directory, "bundles", version);
        Directory.CreateDirectory(dir);
        var model = System.Text.Encoding.UTF8.GetBytes($"model {version}");
        File.WriteAllBytes(Path.Combine(dir, "model.onnx"), model);
        File.WriteAllText(Path.Combine(dir, "manifest.json"),
            $$$"""{"model":"churn","version":"{{{version}}}","task":"binary","inputs":[],"files":{"model.onnx":"{{{ContentHash.OfBytes(model)}}}"},"lineage":{"seed":1}}""");
        File.WriteAllText(Path.Combine(dir, "metrics.json"),
            """{"task":"binary","test":{"auc":0.8},"slices":{},"sliceRows":{},"validation":[],"bestEpoch":1,"rows":{"train":1,"validation":1,"test":1},"parity":{"rows":1,"maxAbsDifference":0,"tolerance":0.00001}}""");
        return dir;
    }

    public void Dispose() => _fixture.Dispose();
}
