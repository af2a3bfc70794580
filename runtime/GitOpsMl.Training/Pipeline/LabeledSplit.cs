using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Training.Pipeline;

/// <summary>One split ready for the network: the rows that have a usable label, their raw table, features and targets.</summary>
public sealed record LabeledSplit(Table Raw, FeatureMatrix Features, EncodedLabels Labels, TrainingData? Data)
{
    public int Rows => Labels.Rows.Length;

    public static LabeledSplit Create(Table split, FittedFeaturePipeline pipeline, FittedLabelEncoder labels)
    {
        var encoded = labels.Encode(split);
        var raw = split.Take(encoded.Rows);
        var features = pipeline.Transform(raw);
        if (encoded.Rows.Length == 0) return new LabeledSplit(raw, features, encoded, null);
        var data = labels.Task switch
        {
            PredictionTask.Binary => TrainingData.Binary(features.Values, features.Width, encoded.Values.Select(v => (float)v).ToArray()),
            PredictionTask.Multiclass => TrainingData.Multiclass(features.Values, features.Width, encoded.Values.Select(v => (long)v).ToArray(), labels.ClassCount),
            _ => TrainingData.Regression(features.Values, features.Width, encoded.Values.Select(v => (float)v).ToArray()),
        };
        return new LabeledSplit(raw, features, encoded, data);
    }
}
