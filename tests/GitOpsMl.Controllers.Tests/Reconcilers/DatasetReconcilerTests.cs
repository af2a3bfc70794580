using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Controllers.Observation;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Reconcilers;
using GitOpsMl.Controllers.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsMl.Controllers.Tests.Reconcilers;

public sealed class DatasetReconcilerTests
{
    private static readonly string Sha = new('a', 64);

    /// <summary>Remembers the root each probe was asked to read under.</summary>
    private sealed class RecordingProbe : IDatasetProbe
    {
        public List<string?> Roots { get; } = [];

        public Task<DatasetObservation> ProbeAsync(Dataset dataset, string? dataRoot, CancellationToken ct = default)
        {
            Roots.Add(dataRoot);
            return Task.FromResult(DatasetObservation.Read(Sha, 10, 0, dataset.Spec.Source.Url ?? Path.Combine(dataRoot!, dataset.Spec.Source.Path!)));
        }
    }

    private static Dataset Dataset(string? annotation = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = "churn",
            Generation = 1,
            Annotations = annotation is null ? null : new Dictionary<string, string> { [GitOpsMlAnnotations.SourceRoot] = annotation },
        },
        Spec = new DatasetSpec { Source = new DatasetSource { Path = "data/churn.csv" } },
    };

    private static Task<ReconcileResult> Reconcile(RecordingProbe probe, string? dataRoot, Dataset dataset) =>
        new DatasetReconciler(probe, new DataRootResolver(dataRoot), new FakeTimeProvider()).ReconcileAsync(dataset, CancellationToken.None);

    [Fact]
    public async Task A_Dataset_applied_with_kubectl_stalls_naming_the_annotation_and_the_flag_when_the_operator_has_no_data_root()
    {
        var probe = new RecordingProbe();
        var result = await Reconcile(probe, null, Dataset());

        var stalled = Assert.IsType<ReconcileOutcome.Stalled>(result.Outcome);
        Assert.Equal(ConditionReasons.NoSourceRoot, stalled.Reason);
        Assert.Contains("--data-root", stalled.Message);
        Assert.Contains(GitOpsMlAnnotations.SourceRoot, stalled.Message);
        Assert.Empty(probe.Roots);
    }

    [Fact]
    public async Task A_Dataset_applied_with_kubectl_is_read_under_the_operators_data_root()
    {
        var probe = new RecordingProbe();
        var result = await Reconcile(probe, "/data", Dataset());

        Assert.IsType<ReconcileOutcome.Succeeded>(result.Outcome);
        Assert.Equal(["/data"], probe.Roots);
    }

    [Fact]
    public async Task A_Dataset_applied_by_gitopsml_is_read_under_its_repository_root_even_when_the_operator_has_a_data_root()
    {
        var probe = new RecordingProbe();
        await Reconcile(probe, "/data", Dataset(annotation: "/repo"));

        Assert.Equal(["/repo"], probe.Roots);
    }

    [Fact]
    public async Task A_url_Dataset_needs_no_root_and_is_probed_even_when_the_operator_has_no_data_root()
    {
        var probe = new RecordingProbe();
        var dataset = Dataset() with { Spec = new DatasetSpec { Source = new DatasetSource { Url = "https://example.com/churn.csv" }, Sha256 = Sha } };

        var result = await Reconcile(probe, null, dataset);

        Assert.IsType<ReconcileOutcome.Succeeded>(result.Outcome);
        Assert.Equal([null], probe.Roots);
    }
}
