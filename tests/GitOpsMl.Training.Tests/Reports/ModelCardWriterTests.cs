using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Training.Reports;

namespace GitOpsMl.Training.Tests.Reports;

public class ModelCardWriterTests
{
    [Fact]
    public void The_quality_table_sets_the_model_beside_the_baseline_and_the_trivial_predictor_and_says_it_beats_the_trivial_one()
    {
        var card = Card(test: 0.91, baseline: 0.86, trivial: 0.80);

        Assert.Contains("| metric | model | linear baseline | trivial predictor |", card);
        Assert.Contains("| accuracy | 0.91 | 0.86 | 0.8 |", card);
        Assert.Contains("always picks the majority class", card);
        Assert.Contains("The model beats the trivial predictor on accuracy.", card);
        Assert.Contains("The model does at least as well as the linear baseline on accuracy.", card);
    }

    [Fact]
    public void A_model_that_only_ties_the_majority_guess_is_called_out()
    {
        var card = Card(test: 0.80, baseline: 0.80, trivial: 0.80);

        Assert.Contains("**The model does not beat the trivial predictor on accuracy**", card);
        Assert.Contains("The linear baseline itself does not beat the trivial predictor on accuracy", card);
    }

    [Fact]
    public void Dropped_rows_are_explained_by_reason()
    {
        var card = Card(0.9, null, 0.8, dropped: new Dictionary<string, long> { ["invalid"] = 2, ["labelMissing"] = 5 });

        Assert.Contains("7 rows were dropped (2 breaking the schema, 5 without a label).", card);
        Assert.DoesNotContain("linear baseline |", card);
    }

    private static string Card(double test, double? baseline, double trivial, IReadOnlyDictionary<string, long>? dropped = null)
    {
        Dictionary<string, double> Values(double accuracy) => new() { ["accuracy"] = accuracy, ["macroF1"] = accuracy / 2, ["logLoss"] = 1 - accuracy };
        var metrics = new MetricsDocument
        {
            Task = "multiclass",
            Test = Values(test),
            Baseline = baseline is { } b ? Values(b) : null,
            Trivial = Values(trivial),
            Slices = new Dictionary<string, IReadOnlyDictionary<string, double>>(),
            SliceRows = new Dictionary<string, int>(),
            Validation = [],
            BestEpoch = 1,
            Rows = new SplitRows(80, 10, 10),
            Parity = new ParityCheck(10, 0, 1e-5),
        };
        var features = new FeatureSetSpec { Label = new LabelSpec { Column = "kind", Task = PredictionTask.Multiclass }, Features = [new FeatureSpec { Column = "x" }] };
        return ModelCardWriter.Write(new ModelCardWriter.Input("m", "abc", "d", "d.csv", "00", features, ["x"], "linear model",
            new BundleLineage { Seed = 1 }, metrics, (int)(dropped?.Values.Sum() ?? 0), dropped));
    }
}
