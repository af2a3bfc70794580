using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;
using GitOpsMl.Controllers.Reconcilers;

namespace GitOpsMl.Controllers.Tests.Reconcilers;

public sealed class RunManifestsTests
{
    private static Dataset Applied(Dictionary<string, string>? annotations) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = "churn", Namespace = "team", Uid = "u-1", ResourceVersion = "7", Generation = 2,
            Labels = new() { [GitOpsMlLabels.GitSourceName] = "ml" }, Annotations = annotations,
        },
        Spec = new DatasetSpec { Source = new DatasetSource { Path = "data/churn.csv" } },
        Status = new DatasetStatus { RowCount = 3 },
    };

    [Fact]
    public void A_run_gets_spec_identity_labels_and_the_commit_it_was_applied_from_and_nothing_the_server_set()
    {
        var run = RunManifests.Of(Applied(new()
        {
            [GitOpsMlAnnotations.Commit] = "abc123",
            [GitOpsMlAnnotations.SourceRoot] = "/state/sources/team/ml/checkouts/abc123",
            [GitOpsMlAnnotations.RetrainRequested] = "2026-01-01T00:00:00Z",
        }));

        Assert.Equal(new Dictionary<string, string> { [GitOpsMlAnnotations.Commit] = "abc123" }, run.Metadata.Annotations);
        Assert.Equal(("churn", "team", "ml"), (run.Metadata.Name, run.Metadata.Namespace, run.Metadata.Labels![GitOpsMlLabels.GitSourceName]));
        Assert.Null(run.Metadata.Uid);
        Assert.Null(run.Metadata.ResourceVersion);
        Assert.Null(run.Metadata.Generation);
        Assert.Null(run.GetStatus());
        Assert.Equal("data/churn.csv", ((Dataset)run).Spec.Source.Path);
    }

    [Fact]
    public void Without_a_commit_a_run_gets_no_annotations() =>
        Assert.Null(RunManifests.Of(Applied(new() { [GitOpsMlAnnotations.SourceRoot] = "/repo" })).Metadata.Annotations);
}
