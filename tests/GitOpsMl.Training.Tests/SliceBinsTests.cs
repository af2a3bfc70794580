using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;
using GitOpsMl.Training.Pipeline;
using GitOpsMl.Training.Reports;

namespace GitOpsMl.Training.Tests;

/// <summary>
/// A numeric slice column with many values is cut into quartiles of the test rows; the edges are
/// reported (metrics.json sliceBins, the model card) so a reader knows what each slice covers.
/// </summary>
public class SliceBinsTests
{
    private static readonly Table Test = new(
    [
        new NumericColumn("tenure", Enumerable.Range(0, 100).Select(i => (double)i).ToArray()),
        new StringColumn("plan", Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? "basic" : "pro").ToArray()),
        new NumericColumn("calls", ColumnType.Int, Enumerable.Range(0, 100).Select(i => (double)(i % 5)).ToArray()),
    ]);

    [Fact]
    public void A_many_valued_numeric_column_is_binned_at_its_test_quartiles_and_value_sliced_columns_are_not()
    {
        var bins = SliceEvaluator.Bins(["tenure", "plan", "calls"], Test);

        Assert.Equal(["tenure"], bins.Keys);
        Assert.Equal([25.0, 50.0, 75.0], bins["tenure"]);
    }

    [Fact]
    public void The_slice_names_use_exactly_the_reported_edges()
    {
        var labels = TrainingData.Regression(new float[100], 1, Enumerable.Range(0, 100).Select(i => (float)i).ToArray());
        var prediction = new Prediction(PredictionTask.Regression, 100, 0, null, Enumerable.Range(0, 100).Select(i => (float)i).ToArray());

        var slices = SliceEvaluator.Evaluate(["tenure"], Test, labels, prediction);

        Assert.Equal(["tenure=<25", "tenure=[25,50)", "tenure=[50,75)", "tenure=>=75"], slices.Select(s => s.Slice));
        Assert.All(slices, s => Assert.Equal(25, s.Rows));
    }

    [Fact]
    public void The_model_card_says_where_a_binned_column_was_cut()
    {
        var metrics = new MetricsDocument
        {
            Task = "regression",
            Test = new Dictionary<string, double> { ["rmse"] = 1 },
            Slices = new Dictionary<string, IReadOnlyDictionary<string, double>> { ["tenure=<25"] = new Dictionary<string, double> { ["rmse"] = 1 } },
            SliceRows = new Dictionary<string, int> { ["tenure=<25"] = 25 },
            SliceBins = new Dictionary<string, IReadOnlyList<double>> { ["tenure"] = [25, 50, 75.5] },
            Validation = [],
            BestEpoch = 1,
            Rows = new SplitRows(80, 10, 10),
            Parity = new ParityCheck(10, 0, 1e-5),
        };
        var featureSet = new FeatureSetSpec { Label = new LabelSpec { Column = "y" }, Features = [new FeatureSpec { Column = "tenure" }] };

        var card = ModelCardWriter.Write(new ModelCardWriter.Input("m", "1", "d", "data/d.csv", "abc", featureSet, ["tenure"], "mlp", new BundleLineage(), metrics, 0));

        Assert.Contains("`tenure` has too many values to slice by each, so it is cut into quartiles of the test rows at 25, 50, 75.5", card);
    }
}
