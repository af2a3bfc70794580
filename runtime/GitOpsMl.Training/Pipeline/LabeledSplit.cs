using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Data.Tables;
using GitOpsMl.Data.Weighting;

namespace GitOpsMl.Training.Pipeline;

/// <summary>One split ready for the network: the rows that have a usable label, their raw table, features and targets.</summary>
public sealed record LabeledSplit(Table Raw, EncodedFeatures Features, EncodedLabels Labels, TrainingData? Data)
{
    public int Rows => Labels.Rows.Length;

    /// <param name="weightColumn">The Dataset's role weight column, or null: the rows then weigh 1 each.</param>
    public static LabeledSplit Create(Table split, FittedFeaturePipeline pipeline, FittedLabelEncoder labels, ColumnSpec? weightColumn = null)
    {
        var encoded = labels.Encode(split);
        // Every row kept (the usual case): the split itself, not a copy of it.
        var raw = encoded.Rows.Length == split.RowCount ? split : split.Take(encoded.Rows);
        var features = pipeline.Encode(raw);
        if (encoded.Rows.Length == 0) return new LabeledSplit(raw, features, encoded, null);
        var data = labels.Task switch
        {
            PredictionTask.Binary => TrainingData.Binary(features, encoded.Values.Select(v => (float)v).ToArray()),
            PredictionTask.Multiclass => TrainingData.Multiclass(features, encoded.Values.Select(v => (long)v).ToArray(), labels.ClassCount),
            _ => TrainingData.Regression(features, encoded.Values.Select(v => (float)v).ToArray()),
        };
        return new LabeledSplit(raw, features, encoded, data.WithWeights(SampleWeights.Of(weightColumn, raw)));
    }
}
