using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Training.Pipeline;

namespace GitOpsMl.Training.Tests.Support;

/// <summary>
/// A whole Dataset → FeatureSet → TrainingJob → Model set for a run over one small file (d.csv), from the three
/// specs a test cares about: the names and the references between them are filled in here, once.
/// </summary>
public static class MiniInputs
{
    public static TrainingInputs Of(DatasetSpec dataset, FeatureSetSpec features, TrainingJobSpec job) => new(
        new TrainingJob
        {
            Metadata = new ObjectMeta { Name = "j" },
            Spec = job with { FeatureSetRef = new() { Name = "f" }, ModelRef = new() { Name = "m" } },
        },
        new FeatureSet { Metadata = new ObjectMeta { Name = "f" }, Spec = features with { DatasetRef = new() { Name = "d" } } },
        new Dataset { Metadata = new ObjectMeta { Name = "d" }, Spec = dataset with { Source = new DatasetSource { Path = "d.csv" } } },
        new Model { Metadata = new ObjectMeta { Name = "m" } });
}
