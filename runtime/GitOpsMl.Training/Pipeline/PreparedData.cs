using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Data;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Labels;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Data.Tables;
using GitOpsMl.Data.Validation;
using GitOpsMl.Data.Weighting;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Pipeline;

/// <summary>
/// Everything a run needs before any tensor exists: the validated data, its deterministic split,
/// the feature transforms and label encoding fitted on the training split only, and each split
/// as network input.
/// </summary>
/// <param name="WeightColumn">The Dataset's role weight column, whose values weigh every split's rows; null when unweighted.</param>
public sealed record PreparedData(
    ValidationReport Report,
    Table TrainTable,
    FittedFeaturePipeline Pipeline,
    FittedLabelEncoder Labels,
    LabeledSplit Train,
    LabeledSplit Validation,
    LabeledSplit Test,
    ColumnSpec? WeightColumn = null)
{
    /// <summary>
    /// Reads, validates, splits and fits. Throws a <see cref="GitOpsMlFailure"/> (DataRefusedException,
    /// FeaturePipelineException) naming the Dataset or FeatureSet at fault on bad data or spec.
    /// </summary>
    public static PreparedData Prepare(TrainingInputs inputs, byte[] datasetBytes)
    {
        var datasetKey = ObjectKey.Of(inputs.Dataset);
        ValidatedDataset dataset;
        SplitIndices split;
        ColumnSpec? weightColumn;
        try
        {
            weightColumn = SampleWeights.Column(inputs.Dataset.Spec);
            dataset = DatasetLoader.Load(inputs.Dataset.Spec, datasetBytes);
            split = DatasetSplitter.Split(inputs.Dataset.Spec.Split, dataset.Table);
        }
        catch (GitOpsMlFailure failure)
        {
            failure.Concerning(datasetKey, failure.Kind == FailureKind.InvalidSpec ? "spec.split" : null);
            throw;
        }
        // Before anything is fitted on the training split (an empty one would fail there with a stranger reason), by
        // the rule validate says the same refusal with from the rows it counts.
        if (SplitSizes.Check(inputs.Dataset.Spec.Split, inputs.Job, new SplitRows(split.Train.Length, split.Validation.Length, split.Test.Length)) is { } small)
        {
            throw GitOpsMlFailure.InvalidData(small.Reason, small.Message).Concerning(datasetKey, small.Field);
        }
        var trainTable = dataset.Table.Take(split.Train);
        FittedFeaturePipeline pipeline;
        FittedLabelEncoder labels;
        try
        {
            pipeline = FeaturePipelineFitter.Fit(inputs.FeatureSet.Spec, inputs.Dataset.Spec, trainTable);
            labels = LabelEncoderFitter.Fit(inputs.FeatureSet.Spec.Label, inputs.Dataset.Spec, trainTable);
        }
        catch (GitOpsMlFailure failure)
        {
            failure.Concerning(ObjectKey.Of(inputs.FeatureSet));
            throw;
        }
        return new PreparedData(dataset.Report, trainTable, pipeline, labels,
            LabeledSplit.Create(trainTable, pipeline, labels, weightColumn),
            LabeledSplit.Create(dataset.Table.Take(split.Validation), pipeline, labels, weightColumn),
            LabeledSplit.Create(dataset.Table.Take(split.Test), pipeline, labels, weightColumn),
            weightColumn);
    }

    /// <summary>Rows dropped on the way: invalid rows plus rows whose label was missing, unseen or infinite.</summary>
    public long DroppedRows => Report.InvalidRows + Train.Labels.Dropped + Validation.Labels.Dropped + Test.Labels.Dropped;

    /// <summary>
    /// Why rows were dropped, reason → rows, non-zero reasons only, in a fixed order: <c>invalid</c> (a schema
    /// violation), <c>labelMissing</c>, <c>labelUnseen</c> (a class the training split does not have), <c>labelNotFinite</c>
    /// (a regression label of ±infinity). The counts add up to <see cref="DroppedRows"/>.
    /// </summary>
    public IReadOnlyDictionary<string, long> DroppedByReason
    {
        get
        {
            LabeledSplit[] splits = [Train, Validation, Test];
            var reasons = new (string Reason, long Rows)[]
            {
                ("invalid", Report.InvalidRows),
                ("labelMissing", splits.Sum(s => s.Labels.DroppedMissing)),
                ("labelUnseen", splits.Sum(s => s.Labels.DroppedUnseen)),
                ("labelNotFinite", splits.Sum(s => s.Labels.DroppedNonFinite)),
            };
            return reasons.Where(r => r.Rows > 0).ToDictionary(r => r.Reason, r => r.Rows);
        }
    }
}
