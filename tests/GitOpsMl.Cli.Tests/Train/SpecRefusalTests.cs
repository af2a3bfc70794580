using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Manifests;
using GitOpsMl.Api.Schema;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using GitOpsMl.Training;
using GitOpsMl.Training.Pipeline;

namespace GitOpsMl.Cli.Tests.Train;

/// <summary>
/// Every rule a run refuses a spec on is caught by validate first. One case per <see cref="SpecRefusal"/>: an
/// edit of an example that the run (given the objects without any validation) refuses with exactly that reason,
/// and that validate rejects with an error at the field. A new refusal without a case here fails the first test.
/// </summary>
[Collection(TrainingCollection.Name)]
public class SpecRefusalTests
{
    private const string Demand = "demand-forecast/manifests/demand.yaml";
    private const string ChurnFeatures = "churn/manifests/featureset.yaml";

    public sealed record Case(SpecRefusal Refusal, string File, string Old, string New, string Field)
    {
        public override string ToString() => Refusal.ToString();
    }

    public static readonly IReadOnlyList<Case> Cases =
    [
        new(SpecRefusal.ReferenceNotFound, Demand, "featureSetRef: {name: demand}", "featureSetRef: {name: demnd}", "spec.featureSetRef.name"),
        new(SpecRefusal.DuplicateFeature, Demand, "    - {column: promo}\n", "    - {column: promo}\n    - {column: promo}\n", "spec.features[4]"),
        new(SpecRefusal.ColumnNotInSchema, Demand, "- {column: promo}", "- {column: promos}", "spec.features[3].column"),
        new(SpecRefusal.ColumnCannotBeFeature, Demand, "- {column: promo}", "- {column: product_id}", "spec.features[3].column"),
        new(SpecRefusal.LabelDoesNotFitTask, Demand, "label: {column: demand, task: regression}", "label: {column: product_id, task: regression}", "spec.label.column"),
        new(SpecRefusal.PositiveClassNotAValue, ChurnFeatures, "positiveClass: \"true\"", "positiveClass: \"maybe\"", "spec.label.positiveClass"),
        new(SpecRefusal.TransformDoesNotFitColumn, Demand, "- {column: category}", "- {column: category, transforms: [{type: standardize}]}", "spec.features[0].transforms[0].type"),
        new(SpecRefusal.TransformOrder, Demand, "{column: price, transforms: [{type: log1p}, {type: standardize}]}",
            "{column: price, transforms: [{type: standardize}, {type: impute, strategy: mean}]}", "spec.features[2].transforms[1]"),
        new(SpecRefusal.TransformParameters, Demand, "boundaries: [3.5, 6.5, 9.5]", "boundaries: [6.5, 3.5, 9.5]", "spec.features[1].transforms[0].boundaries[1]"),
        new(SpecRefusal.ClassWeightsNeedClassification, Demand, "seed: 7, threads: 1}", "seed: 7, threads: 1, classWeights: balanced}", "spec.hyperparameters.classWeights"),
        new(SpecRefusal.EarlyStoppingMetric, Demand, "earlyStopping: {metric: rmse", "earlyStopping: {metric: auc", "spec.earlyStopping.metric"),
        new(SpecRefusal.EarlyStoppingNeedsValidation, Demand, "train: 0.7, validation: 0.15, test: 0.15", "train: 0.85, validation: 0, test: 0.15", "spec.earlyStopping"),
        new(SpecRefusal.TestSplitEmpty, Demand, "train: 0.7, validation: 0.15, test: 0.15", "train: 0.85, validation: 0.15, test: 0", "spec.split.test"),
        new(SpecRefusal.SplitInvalid, Demand, "timeColumn: month,", "timeColumn: category,", "spec"),
        new(SpecRefusal.HyperparameterInvalid, Demand, "epochs: 60", "epochs: 0", "spec.hyperparameters.epochs"),
        new(SpecRefusal.AlgorithmInvalid, Demand, "hiddenLayers: [64, 32]", "hiddenLayers: []", "spec.algorithm.mlp.hiddenLayers"),
        new(SpecRefusal.SliceColumn, Demand, "slices: [category]", "slices: [product_id]", "spec.evaluation.slices[0]"),
        new(SpecRefusal.WeightColumn, Demand, "{name: product_id, type: string, role: id,", "{name: product_id, type: string, role: weight,", "spec.schema[0].role"),
    ];

    public static TheoryData<Case> All => new(Cases);

    [Fact]
    public void Every_spec_refusal_of_a_run_has_a_case()
    {
        Assert.Equal(Enum.GetValues<SpecRefusal>().Order(), Cases.Select(c => c.Refusal).Order());
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Validate_rejects_what_the_run_refuses(Case c)
    {
        using var repo = ExampleCopy(c);

        var refused = Assert.ThrowsAny<GitOpsMlFailure>(() => RunWithoutValidation(repo));
        Assert.Equal((FailureKind.InvalidSpec, c.Refusal.ToString()), (refused.Kind, refused.Reason));

        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = ValidateCommand.Run([repo.Root], "json", stdout, stderr);
        Assert.True(code == ExitCodes.Invalid, $"validate accepted what the run refuses ({refused.Message}):\n{stdout}");
        using var report = JsonDocument.Parse(stdout.ToString());
        var fields = report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("severity").GetString() == "error").Select(d => d.GetProperty("field").GetString()).ToList();
        Assert.True(fields.Any(f => f is not null && f.StartsWith(c.Field, StringComparison.Ordinal)),
            $"no error at {c.Field}; errors at: {string.Join(", ", fields)}\n{stdout}");
    }

    [Fact]
    public void Balanced_class_weights_on_the_demand_forecast_fail_validate_at_the_field_and_train_before_any_epoch()
    {
        using var repo = ExampleCopy(Cases.Single(c => c.Refusal == SpecRefusal.ClassWeightsNeedClassification));

        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(ExitCodes.Invalid, ValidateCommand.Run([repo.Root], "text", stdout, stderr));
        Assert.Contains("spec.hyperparameters.classWeights: classWeights balanced applies to classification only", stdout.ToString());

        var (trainOut, trainErr) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(new TrainCommand.Arguments(repo.Root, "demand", repo.PathOf("bundle"), Device: "cpu"), trainOut, trainErr);
        Assert.Equal(ExitCodes.Invalid, code);
        Assert.DoesNotContain("internal error", trainErr.ToString());
        Assert.DoesNotContain("\"epoch\"", trainOut.ToString());
        Assert.False(Directory.Exists(repo.PathOf("bundle")));
    }

    /// <summary>The example the case edits, copied whole (manifests, data, root marker) with the one edit applied.</summary>
    private static TempRepository ExampleCopy(Case c)
    {
        var example = c.File.Split('/')[0];
        var repo = new TempRepository();
        var source = TestPaths.Combine("examples", example);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            repo.Write(Path.GetRelativePath(source, file), File.ReadAllBytes(file));
        var edited = repo.PathOf(c.File[(example.Length + 1)..]);
        var text = File.ReadAllText(edited);
        Assert.Contains(c.Old, text);
        File.WriteAllText(edited, text.Replace(c.Old, c.New, StringComparison.Ordinal));
        return repo;
    }

    /// <summary>A run given the typed objects straight from YAML (manifests/*.yaml), as if validate had never looked at them.</summary>
    internal static void RunWithoutValidation(TempRepository repo)
    {
        var objects = new List<CustomResource>();
        foreach (var file in Directory.EnumerateFiles(repo.PathOf("manifests"), "*.yaml"))
        {
            foreach (var doc in ManifestLoader.Load(file, File.ReadAllBytes(file)).Documents)
            {
                if (doc.Root is not MappingNode root || root.GetValueOrDefault("kind") is not ScalarNode kindName) continue;
                var kind = KindRegistry.Find(kindName.Value)!;
                objects.Add((CustomResource)ManifestNodeJson.ToJsonNode(root).Deserialize(kind.ClrType, ApiJson.Options)!);
            }
        }
        var job = objects.OfType<GitOpsMl.Api.Kinds.TrainingJob>().Single();
        var inputs = TrainingInputs.Resolve(objects, job.Metadata.Name);
        TorchRuntime.Initialize(null);
        TrainingRun.Execute(new TrainingRunRequest(inputs, repo.PathOf(inputs.Dataset.Spec.Source.Path!), repo.PathOf("bundle"), "cpu"));
    }
}
