namespace GitOpsMl.Onnx.Tests.Support;

/// <summary>
/// A small but complete exported model — two numeric columns and one categorical column →
/// fitted transforms → concat → dense-relu-dense → softmax over 3 classes — together with the
/// same computation in plain C#, row by row.
/// </summary>
public static class ChurnPipeline
{
    public const int Classes = 3;
    private const int Hidden = 8;

    private static readonly float[] IncomeBoundaries = [1e4f, 5e4f, 1e5f];
    private static readonly CategoryVocabulary Cities = new(["paris", "berlin", "tokyo"]);

    // age: impute→clip→standardize + missing flag (clipping keeps an infinite age from turning the row into NaN); income: impute→clip→log1p→standardize + buckets; city: one-hot with other.
    public static readonly int FeatureCount = 1 + 1 + 1 + (IncomeBoundaries.Length + 1) + (Cities.Count + 1);

    private static readonly float[] W1 = Weights(1, FeatureCount * Hidden);
    private static readonly float[] B1 = Weights(2, Hidden);
    private static readonly float[] W2 = Weights(3, Hidden * Classes);
    private static readonly float[] B2 = Weights(4, Classes);

    private static float[] Weights(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    public static byte[] Export()
    {
        var graph = new OnnxGraphBuilder { DocString = "3-class churn model" };
        var age = graph.AddNumericColumn("age");
        var income = graph.AddNumericColumn("income");
        var city = graph.AddCategoricalColumn("city");

        var ageFeature = graph.Standardize(graph.Clip(graph.Impute(age, 40f), 0f, 120f), 40f, 12f);
        var ageMissing = graph.MissingIndicator(age);
        var incomeFeature = graph.Standardize(graph.Log1p(graph.Clip(graph.Impute(income, 5e4f), 0f, 1e6f)), 10.5f, 1.25f);
        var incomeBuckets = graph.BucketizeOneHot(income, IncomeBoundaries);
        var cityFeature = graph.OneHot(city, Cities, UnknownCategory.OtherSlot);

        var features = graph.ConcatFeatures([ageFeature, ageMissing, incomeFeature, incomeBuckets, cityFeature]);
        var hidden = graph.Dropout(graph.Relu(graph.Dense(features, W1, B1, FeatureCount, Hidden)));
        var logits = graph.Dense(hidden, W2, B2, Hidden, Classes);
        graph.AddProbabilitiesOutput(graph.Softmax(logits), Classes);
        return graph.ToBytes();
    }

    public static float[] Reference(float age, float income, string city)
    {
        var features = new List<float>
        {
            NumericFeatureMath.Standardize(NumericFeatureMath.Clip(NumericFeatureMath.Impute(age, 40f), 0f, 120f), 40f, 12f),
            NumericFeatureMath.MissingIndicator(age),
            NumericFeatureMath.Standardize(
                NumericFeatureMath.Log1p(NumericFeatureMath.Clip(NumericFeatureMath.Impute(income, 5e4f), 0f, 1e6f)), 10.5f, 1.25f),
        };
        features.AddRange(NumericFeatureMath.BucketOneHot(income, IncomeBoundaries));
        features.AddRange(CategoricalFeatureMath.OneHot(city, Cities, UnknownCategory.OtherSlot));

        var hidden = NetworkReference.Dense(features.Select(f => (double)f).ToArray(), W1, B1, Hidden).Select(NetworkReference.Relu).ToArray();
        var logits = NetworkReference.Dense(hidden, W2, B2, Classes);
        return NetworkReference.Softmax(logits).Select(p => (float)p).ToArray();
    }
}
