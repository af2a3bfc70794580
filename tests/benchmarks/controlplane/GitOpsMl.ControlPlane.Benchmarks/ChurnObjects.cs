using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Validation;
using GitOpsMl.Controllers.Metadata;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>
/// Numbered copies of the churn example's objects (Dataset churn-7 → FeatureSet churn-7 → Model
/// churn-7, optionally TrainingJob churn-7), stamped with the repository root the way `gitopsml apply`
/// stamps them, all reading the same data file.
/// </summary>
public sealed class ChurnObjects
{
    private readonly Dataset _dataset;
    private readonly FeatureSet _featureSet;
    private readonly Model _model;
    private readonly TrainingJob _job;
    private readonly string _root;

    public ChurnObjects(ChurnWorkspace workspace)
    {
        _root = workspace.Root;
        var files = Directory.GetFiles(workspace.Manifests, "*.yaml").Order()
            .Select(f => new ManifestFile(Path.GetFileName(f), File.ReadAllBytes(f)));
        var report = ManifestValidator.Validate(files);
        var objects = report.Objects.Select(o => o.Resource).ToList();
        _dataset = objects.OfType<Dataset>().Single();
        _featureSet = objects.OfType<FeatureSet>().Single();
        _model = objects.OfType<Model>().Single();
        _job = objects.OfType<TrainingJob>().Single();
    }

    public IEnumerable<CustomResource> Set(int i, bool withTrainingJob)
    {
        var name = $"churn-{i}";
        yield return _dataset with { Metadata = Meta(name) };
        yield return _featureSet with { Metadata = Meta(name), Spec = _featureSet.Spec with { DatasetRef = new LocalObjectReference { Name = name } } };
        yield return _model with { Metadata = Meta(name) };
        if (withTrainingJob)
        {
            yield return _job with
            {
                Metadata = Meta(name),
                Spec = _job.Spec with { FeatureSetRef = new LocalObjectReference { Name = name }, ModelRef = new LocalObjectReference { Name = name } },
            };
        }
    }

    private ObjectMeta Meta(string name) => new()
    {
        Name = name,
        Namespace = ObjectKey.NamespaceOf(null),
        Annotations = new Dictionary<string, string> { [GitOpsMlAnnotations.SourceRoot] = _root },
    };
}
