using GitOpsMl.Api.Bundles;
using GitOpsMl.Onnx;

namespace GitOpsMl.Serving.Tests.Support;

/// <summary>
/// A bundle shaped like the churn example: 3 numeric + 3 categorical raw columns, fitted transforms
/// (impute/log1p/standardize, clip, one-hot), an MLP 32-16 and a binary probability head.
/// Different seeds give different weights (different versions).
/// </summary>
public static class ChurnBundle
{
    public const string Name = "churn";
    public static readonly string[] Classes = ["false", "true"];
    public static readonly string[] Plans = ["basic", "plus", "premium"];
    public static readonly string[] Regions = ["east", "north", "south", "west"];
    public static readonly string[] Contracts = ["annual", "monthly"];
    public static readonly double[] TenureEdges = [6, 12, 24, 48];
    public static readonly double[] ChargesEdges = [30, 60, 90];
    public static readonly double[] CallsEdges = [1, 3];
    public static readonly double[] ScoreEdges = [0.25, 0.5, 0.75];

    public static readonly BundleInput[] Inputs =
    [
        new("tenure_months", BundleInput.Numeric),
        new("monthly_charges", BundleInput.Numeric),
        new("support_calls", BundleInput.Numeric),
        new("plan", BundleInput.Categorical),
        new("region", BundleInput.Categorical),
        new("contract", BundleInput.Categorical),
    ];

    public static string Write(string directory, string version = "v1", int seed = 1) =>
        BundleWriter.Write(directory, Name, version, "binary", Classes, Inputs, Onnx(seed), Profile());

    public static byte[] Onnx(int seed, int hidden1 = 32, int hidden2 = 16)
    {
        var g = new OnnxGraphBuilder();
        var tenure = g.AddNumericColumn("tenure_months");
        var charges = g.AddNumericColumn("monthly_charges");
        var calls = g.AddNumericColumn("support_calls");
        var plan = g.AddCategoricalColumn("plan");
        var region = g.AddCategoricalColumn("region");
        var contract = g.AddCategoricalColumn("contract");
        var blocks = new List<string>
        {
            g.Standardize(g.Log1p(g.Impute(tenure, 20f)), 2.8f, 1.1f),
            g.MissingIndicator(tenure),
            g.Standardize(g.Impute(charges, 60f), 60f, 20f),
            g.Standardize(g.Clip(g.Impute(calls, 1f), 0f, 15f), 1.5f, 1.2f),
            g.OneHot(plan, new CategoryVocabulary(Plans), UnknownCategory.OtherSlot),
            g.OneHot(region, new CategoryVocabulary(Regions), UnknownCategory.AllZeros),
            g.OneHot(contract, new CategoryVocabulary(Contracts), UnknownCategory.AllZeros),
        };
        var width = 4 + (Plans.Length + 1) + Regions.Length + Contracts.Length;
        var random = new Random(seed);
        float[] W(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * 0.5f).ToArray();
        var x = g.ConcatFeatures(blocks);
        var h1 = g.Relu(g.Dense(x, W(width * hidden1), W(hidden1), width, hidden1));
        var h2 = g.Relu(g.Dense(h1, W(hidden1 * hidden2), W(hidden2), hidden1, hidden2));
        var logit = g.Dense(h2, W(hidden2), W(1), hidden2, 1);
        g.AddProbabilitiesOutput(g.BinaryProbabilities(logit), 2);
        return g.ToBytes();
    }

    public static DataProfile Profile() => new()
    {
        RowCount = 1000,
        Columns = new Dictionary<string, ColumnProfile>
        {
            ["tenure_months"] = Numeric(TenureEdges, [150, 150, 200, 250, 250]) with { Min = 0, Max = 72 },
            ["monthly_charges"] = Numeric(ChargesEdges, [200, 300, 300, 200]) with { Min = 0, Max = 120 },
            ["support_calls"] = Numeric(CallsEdges, [400, 400, 200]) with { Min = 0, Max = 8 },
            ["plan"] = Categorical(Plans, [500, 300, 200]),
            ["region"] = Categorical(Regions, [250, 250, 250, 250]),
            ["contract"] = Categorical(Contracts, [400, 600]),
        },
        Predictions = Numeric(ScoreEdges, [400, 300, 200, 100]),
    };

    private static ColumnProfile Numeric(double[] edges, long[] counts) => new()
    {
        Kind = ColumnProfile.NumericKind,
        Count = counts.Sum(),
        BinEdges = edges,
        BinCounts = counts,
    };

    private static ColumnProfile Categorical(string[] values, long[] counts) => new()
    {
        Kind = ColumnProfile.CategoricalKind,
        Count = counts.Sum(),
        Frequencies = values.Zip(counts).ToDictionary(p => p.First, p => p.Second),
    };
}
