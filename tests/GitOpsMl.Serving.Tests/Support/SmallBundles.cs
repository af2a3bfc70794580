using GitOpsMl.Api.Bundles;
using GitOpsMl.Onnx;

namespace GitOpsMl.Serving.Tests.Support;

/// <summary>A regression bundle (demand-like), a 3-class bundle, and a deliberately slow regression bundle.</summary>
public static class SmallBundles
{
    public static readonly BundleInput[] DemandInputs = [new("price", BundleInput.Numeric), new("store", BundleInput.Categorical)];

    public static string Regression(string directory, string version = "r1")
    {
        var g = new OnnxGraphBuilder();
        var price = g.Standardize(g.Impute(g.AddNumericColumn("price"), 10f), 10f, 5f);
        var store = g.OneHot(g.AddCategoricalColumn("store"), new CategoryVocabulary(["a", "b"]), UnknownCategory.OtherSlot);
        var x = g.ConcatFeatures([price, store]);
        g.AddPredictionsOutput(g.Dense(x, [2f, 1f, -1f, 0.5f], [100f], 4, 1));
        var profile = new DataProfile
        {
            Columns = new Dictionary<string, ColumnProfile>
            {
                ["price"] = new() { Kind = "numeric", BinEdges = [5, 10, 15], BinCounts = [1, 2, 3, 4] },
                ["store"] = new() { Kind = "categorical", Frequencies = new Dictionary<string, long> { ["a"] = 5, ["b"] = 5 } },
            },
            Predictions = new ColumnProfile { Kind = "numeric", BinEdges = [99, 100, 101], BinCounts = [1, 1, 1, 1] },
        };
        return BundleWriter.Write(directory, "demand", version, "regression", [], DemandInputs, g.ToBytes(), profile);
    }

    /// <summary>Regression over an integer code declared category: payment_type "1", "2" (one-hot, other slot) and fare.</summary>
    public static string PaymentCodes(string directory, string version = "p1")
    {
        var g = new OnnxGraphBuilder();
        var fare = g.Standardize(g.Impute(g.AddNumericColumn("fare"), 10f), 10f, 5f);
        var payment = g.OneHot(g.AddCategoricalColumn("payment_type"), new CategoryVocabulary(["1", "2"]), UnknownCategory.OtherSlot);
        g.AddPredictionsOutput(g.Dense(g.ConcatFeatures([fare, payment]), [1f, 3f, -3f, 0f], [10f], 4, 1));
        var profile = new DataProfile
        {
            Columns = new Dictionary<string, ColumnProfile>
            {
                ["fare"] = new() { Kind = "numeric", BinEdges = [5, 10, 15], BinCounts = [1, 2, 3, 4] },
                ["payment_type"] = new() { Kind = "categorical", Frequencies = new Dictionary<string, long> { ["1"] = 5, ["2"] = 5 } },
            },
            Predictions = new ColumnProfile { Kind = "numeric", BinEdges = [9, 10, 11], BinCounts = [1, 1, 1, 1] },
        };
        BundleInput[] inputs = [new("fare", BundleInput.Numeric), new("payment_type", BundleInput.Categorical)];
        return BundleWriter.Write(directory, "tips", version, "regression", [], inputs, g.ToBytes(), profile);
    }

    public static string Multiclass(string directory, string version = "m1")
    {
        var g = new OnnxGraphBuilder();
        var x = g.Standardize(g.Impute(g.AddNumericColumn("x"), 0f), 0f, 1f);
        var logits = g.Dense(x, [1f, 0f, -1f], [0f, 0.5f, 0f], 1, 3);
        g.AddProbabilitiesOutput(g.Softmax(logits), 3);
        return BundleWriter.Write(directory, "iris", version, "multiclass", ["setosa", "versicolor", "virginica"],
            [new BundleInput("x", BundleInput.Numeric)], g.ToBytes(), new DataProfile());
    }

    /// <summary>A regression bundle whose prediction is the hour (UTC) of its one timestamp input "ts" (0 when missing) plus its numeric input "x".</summary>
    public static string HourOfDay(string directory, string version = "h1")
    {
        var g = new OnnxGraphBuilder();
        var ts = g.AddTimestampColumn("ts");
        var hour = g.EncodeDatetimeRows(g.CalendarFields(g.JoinColumns([ts]), 1, [(0, CalendarField.Hour)]), [0], [1], [DatetimeEncodingKind.Linear]);
        var y = g.AddNode("Add", [g.BlockToMatrix(hour), g.AddNumericColumn("x")]);
        g.AddPredictionsOutput(y);
        return BundleWriter.Write(directory, "clock", version, "regression", [],
            [new BundleInput("ts", BundleInput.Timestamp), new BundleInput("x", BundleInput.Numeric)], g.ToBytes(), new DataProfile());
    }

    /// <summary>
    /// A regression bundle over a bool column "housing" (read from "yes"/"no" in training) and a numeric "x": the prediction
    /// is 10 × housing + x, with a missing housing imputed as 0.5. <paramref name="housingKind"/> numeric makes the bundle a
    /// trainer wrote before the bool kind existed (the same graph, float 1/0).
    /// </summary>
    public static string Housing(string directory, string version = "b1", string housingKind = BundleInput.Bool)
    {
        var g = new OnnxGraphBuilder();
        var housing = g.Impute(g.AddNumericColumn("housing"), 0.5f);
        var x = g.ConcatFeatures([housing, g.AddNumericColumn("x")]);
        g.AddPredictionsOutput(g.Dense(x, [10f, 1f], [0f], 2, 1));
        var profile = new DataProfile
        {
            Columns = new Dictionary<string, ColumnProfile>
            {
                ["housing"] = new() { Kind = "numeric", Min = 0, Max = 1, BinEdges = [0.5], BinCounts = [5, 5] },
                ["x"] = new() { Kind = "numeric", Min = 0, Max = 10, BinEdges = [5], BinCounts = [5, 5] },
            },
        };
        return BundleWriter.Write(directory, "bank", version, "regression", [],
            [new BundleInput("housing", housingKind), new BundleInput("x", BundleInput.Numeric)], g.ToBytes(), profile);
    }

    /// <summary>One numeric input "x"; about <paramref name="layers"/> 256×256 matmuls per row, so a run takes milliseconds.</summary>
    public static string Slow(string directory, string version = "s1", int layers = 60)
    {
        const int width = 256;
        var g = new OnnxGraphBuilder();
        var x = g.AddNumericColumn("x");
        var h = g.AddNode("MatMul", [x, g.AddInitializer("spread", Enumerable.Repeat(1f, width).ToArray(), 1, width)]);
        var random = new Random(7);
        var w = g.AddInitializer("w", Enumerable.Range(0, width * width).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray(), width, width);
        for (var i = 0; i < layers; i++) h = g.Tanh(g.AddNode("MatMul", [h, w]));
        var y = g.AddNode("ReduceSum", [h, g.AddInitializer("axes", new long[] { 1 }, 1)], OnnxAttribute.Int("keepdims", 1));
        g.AddPredictionsOutput(y);
        return BundleWriter.Write(directory, "slow", version, "regression", [], [new BundleInput("x", BundleInput.Numeric)], g.ToBytes(), new DataProfile());
    }
}
