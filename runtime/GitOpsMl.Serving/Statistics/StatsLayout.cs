using GitOpsMl.Api.Bundles;
using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Statistics;

/// <summary>
/// The fixed set of counters one model version keeps per window bucket, derived once from its
/// schema and profile.json: input features on their reference bin edges or categories, the
/// predicted class, and the score (binary: positive-class probability; regression: the value).
/// Its size depends only on the bundle, never on traffic.
/// </summary>
public sealed class StatsLayout
{
    /// <summary>Score edges for binary probabilities when profile.json has none.</summary>
    public static readonly double[] DefaultProbabilityEdges = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    public StatsLayout(ModelSchema schema, DataProfile profile)
    {
        var offset = 1; // slot 0 counts rows
        var moments = 0;
        var features = new List<FeatureLayout>();
        foreach (var input in schema.Inputs)
        {
            var column = profile.Columns.GetValueOrDefault(input.Name);
            FeatureLayout f;
            if (input.IsNumeric || input.IsTimestamp)
            {
                // A timestamp is counted as its Unix seconds (profile.json has no bins for it: moments and missing only).
                f = FeatureLayout.Numeric(input.Name, NumericBins.Sanitize(column?.BinEdges), offset, moments, column?.Min, column?.Max);
                moments += 3;
            }
            else
            {
                var categories = column?.Frequencies?.Keys.Where(k => k.Length > 0).Order(StringComparer.Ordinal).ToArray() ?? [];
                f = FeatureLayout.Categorical(input.Name, categories, offset);
            }
            features.Add(f);
            offset += f.Width;
        }
        Features = features;

        if (schema.IsClassifier)
        {
            PredictedClass = FeatureLayout.Categorical("class", schema.Classes.ToArray(), offset);
            offset += PredictedClass.Width;
        }
        if (schema.Task != ModelTask.Multiclass)
        {
            var edges = NumericBins.Sanitize(profile.Predictions?.BinEdges);
            if (edges.Length == 0 && schema.Task == ModelTask.Binary) edges = DefaultProbabilityEdges;
            Score = FeatureLayout.Numeric("score", edges, offset, moments);
            offset += Score.Width;
            moments += 3;
        }
        CountSlots = offset;
        MomentSlots = moments;
    }

    public IReadOnlyList<FeatureLayout> Features { get; }

    /// <summary>Classifiers: counts of the argmax class (its "unseen" slot stays 0; "missing" counts NaN outputs).</summary>
    public FeatureLayout? PredictedClass { get; }

    /// <summary>Binary: positive-class probability; regression: the predicted value; null for multiclass.</summary>
    public FeatureLayout? Score { get; }

    public int CountSlots { get; }

    public int MomentSlots { get; }
}
