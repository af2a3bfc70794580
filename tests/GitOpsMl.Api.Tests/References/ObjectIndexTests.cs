using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.References;

namespace GitOpsMl.Api.Tests.References;

/// <summary>The one resolver validate, train and the controller follow references through.</summary>
public class ObjectIndexTests
{
    private static ObjectMeta Meta(string name, string? ns = null) => new() { Name = name, Namespace = ns };

    private static readonly Dataset Data = new() { Metadata = Meta("data") };
    private static readonly FeatureSet Features = new() { Metadata = Meta("features"), Spec = new() { DatasetRef = new() { Name = "data" } } };
    private static readonly Model TheModel = new() { Metadata = Meta("model", "default") };
    private static readonly TrainingJob Job = new()
    {
        Metadata = Meta("job"),
        Spec = new() { FeatureSetRef = new() { Name = "features" }, ModelRef = new() { Name = "model" } },
    };
    private static readonly Deployment Serving = new() { Metadata = Meta("serving"), Spec = new() { ModelRef = new() { Name = "model" } } };
    private static readonly Kinds.Monitor Watch = new() { Metadata = Meta("watch"), Spec = new() { DeploymentRef = new() { Name = "serving" } } };

    private static ObjectIndex<CustomResource> Index(params CustomResource[] extra) =>
        ObjectIndex.Of([Data, Features, TheModel, Job, Serving, Watch, .. extra]);

    [Fact]
    public void A_job_resolves_to_its_feature_set_dataset_and_model_with_no_namespace_meaning_default()
    {
        var index = Index();
        var fs = index.FeatureSetOf(Job);
        Assert.Same(Features, fs.Target);
        Assert.Same(Data, index.DatasetOf(fs.Target!).Target);
        Assert.Same(TheModel, index.ModelOf(Job).Target);
        Assert.Equal(new ObjectKey("FeatureSet", "default", "features"), fs.Key);
    }

    [Fact]
    public void Monitor_to_deployment_to_model_to_the_jobs_that_train_it()
    {
        var index = Index();
        var deployment = index.DeploymentOf(Watch).Target!;
        var model = index.ModelOf(deployment).Target!;
        Assert.Equal([Job], index.JobsTraining(model));
    }

    [Fact]
    public void A_missing_reference_names_the_key_and_suggests_a_close_name()
    {
        var job = Job with { Spec = Job.Spec with { FeatureSetRef = new() { Name = "featurs" } } };
        var missing = Index().FeatureSetOf(job);
        Assert.False(missing.Found);
        Assert.Equal("FeatureSet \"featurs\" not found in namespace default; did you mean \"features\"?", missing.NotFoundMessage);
    }

    [Fact]
    public void References_never_cross_namespaces()
    {
        var elsewhere = Job with { Metadata = Meta("job", "team-b") };
        Assert.False(Index(elsewhere).FeatureSetOf(elsewhere).Found);
    }

    [Fact]
    public void A_second_object_with_a_key_is_a_duplicate_and_the_first_wins()
    {
        var again = Data with { Metadata = Meta("data", "default") };
        var index = Index(again);
        Assert.Same(Data, index.Find(ObjectKey.Of(again)));
        var (entry, first) = Assert.Single(index.Duplicates);
        Assert.Same(again, entry);
        Assert.Same(Data, first);
    }

    [Fact]
    public void An_entry_is_found_by_key_not_by_reference()
    {
        var copy = Job with { };
        Assert.Same(Job, Index().EntryOf(copy));
    }
}
