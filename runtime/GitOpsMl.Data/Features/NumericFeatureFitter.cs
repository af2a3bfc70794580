using GitOpsMl.Api.Common;
using GitOpsMl.Data.Reading;
using GitOpsMl.Api.Failures;
using System.Globalization;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Profiling;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>
/// Fits the steps of a float, int or bool column in spec order. Each step is fitted on the
/// training values as the steps before it produce them (in float32, as Transform computes), and
/// on the finite ones only.
/// Rules: at most one impute and it comes first; at most one bucketize and it comes last;
/// oneHot and hashBucket are categorical-only. Without an impute step, a nullable column (the
/// default) gets an implicit leading impute(mean) with no indicator, recorded with Implicit = true;
/// a nullable: false column gets none (validation keeps missing values out of training).
/// </summary>
internal static class NumericFeatureFitter
{
    public static FittedNumericFeature Fit(ColumnSpec column, IReadOnlyList<TransformSpec> transforms, NumericColumn train)
    {
        CheckOrder(column.Name, transforms);
        var current = train.Values.Select(v => (float)v).ToArray();
        var steps = new List<NumericStep>();
        if (!transforms.Any(t => t.Type == TransformType.Impute) && (column.Nullable ?? true))
        {
            var implicitImpute = new ImputeStep(ImputeStrategy.Mean, FitMean(column.Name, current, "impute(mean)"), Implicit: true);
            steps.Add(implicitImpute);
            current = current.Select(implicitImpute.Apply).ToArray();
        }
        foreach (var spec in transforms)
        {
            var step = FitStep(column.Name, spec, current);
            steps.Add(step);
            current = step switch
            {
                ImputeStep s => current.Select(s.Apply).ToArray(),
                StandardizeStep s => current.Select(s.Apply).ToArray(),
                MinMaxStep s => current.Select(s.Apply).ToArray(),
                Log1pStep => current.Select(Log1pStep.Apply).ToArray(),
                ClipStep s => current.Select(s.Apply).ToArray(),
                _ => current,
            };
        }
        return new FittedNumericFeature { Column = column.Name, ColumnType = column.Type, Steps = steps };
    }

    private static void CheckOrder(string column, IReadOnlyList<TransformSpec> transforms)
    {
        for (var i = 0; i < transforms.Count; i++)
        {
            var type = transforms[i].Type;
            if (type is TransformType.OneHot or TransformType.HashBucket)
            {
                throw new FeaturePipelineException(SpecRefusal.TransformDoesNotFitColumn, 
                    $"Feature '{column}': {ApiNames.Of(type)} applies to category and string columns; use bucketize for a numeric column, or declare the column as category.", column);
            }
            if (type == TransformType.Impute && i != 0)
            {
                throw new FeaturePipelineException(SpecRefusal.TransformOrder, $"Feature '{column}': impute must be the first transform (the others need NaN-free values); it is number {i + 1}.", column);
            }
            if (type == TransformType.Bucketize && i != transforms.Count - 1)
            {
                throw new FeaturePipelineException(SpecRefusal.TransformOrder, $"Feature '{column}': bucketize must be the last transform (it turns the value into one-hot buckets); it is number {i + 1} of {transforms.Count}.", column);
            }
        }
    }

    private static NumericStep FitStep(string column, TransformSpec spec, float[] values)
    {
        switch (spec.Type)
        {
            case TransformType.Impute:
                var strategy = spec.Strategy ?? ImputeStrategy.Mean;
                var fill = strategy switch
                {
                    ImputeStrategy.Mean => FitMean(column, values, "impute(mean)"),
                    ImputeStrategy.Median => FitStatistics.Median(RequireFinite(column, values, "impute(median)")),
                    ImputeStrategy.MostFrequent => FitStatistics.MostFrequent(RequireFinite(column, values, "impute(mostFrequent)")),
                    _ => ParseConstant(column, spec.Value),
                };
                return new ImputeStep(strategy, RequireFloat(column, fill, "impute fill value"), spec.Indicator ?? false);
            case TransformType.Standardize:
                var finite = RequireFinite(column, values, "standardize");
                var mean = RequireFloat(column, FitStatistics.Mean(finite), "standardize mean");
                var std = FitStatistics.Std(finite, mean);
                // A constant column, or a spread float32 cannot represent, divides by 1 instead of by 0.
                var divisor = (float)std is > 0f and < float.PositiveInfinity ? std : 1.0;
                return new StandardizeStep(mean, divisor);
            case TransformType.MinMax:
                var range = RequireFinite(column, values, "minMax");
                return new MinMaxStep(range.Min(), range.Max());
            case TransformType.Log1p:
                return new Log1pStep();
            case TransformType.Clip:
                if (spec.Min is null && spec.Max is null)
                {
                    throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{column}': clip needs min, max or both.", column);
                }
                if (spec.Min > spec.Max)
                {
                    throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{column}': clip min {spec.Min} is above max {spec.Max}.", column);
                }
                return new ClipStep(spec.Min, spec.Max);
            case TransformType.Bucketize:
                return FitBucketize(column, spec, values);
            default:
                throw new FeaturePipelineException(SpecRefusal.TransformDoesNotFitColumn, $"Feature '{column}': {ApiNames.Of(spec.Type)} does not apply to numeric columns.", column);
        }
    }

    private static BucketizeStep FitBucketize(string column, TransformSpec spec, float[] values)
    {
        if ((spec.Boundaries is null) == (spec.Quantiles is null))
        {
            throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{column}': bucketize needs exactly one of boundaries or quantiles.", column);
        }
        if (spec.Boundaries is { } explicitBoundaries)
        {
            if (explicitBoundaries.Count == 0)
            {
                throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{column}': bucketize boundaries must not be empty.", column);
            }
            for (var i = 0; i < explicitBoundaries.Count; i++)
            {
                if (!double.IsFinite(explicitBoundaries[i]) || !float.IsFinite((float)explicitBoundaries[i]))
                {
                    throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{column}': bucketize boundary {explicitBoundaries[i]} is not a finite float32.", column);
                }
                if (i > 0 && !((float)explicitBoundaries[i] > (float)explicitBoundaries[i - 1]))
                {
                    throw new FeaturePipelineException(SpecRefusal.TransformParameters, 
                        $"Feature '{column}': bucketize boundaries must strictly ascend in float32; {explicitBoundaries[i - 1]} and {explicitBoundaries[i]} do not.", column);
                }
            }
            return new BucketizeStep(explicitBoundaries.ToArray());
        }
        var quantiles = spec.Quantiles!.Value;
        if (quantiles < 2)
        {
            throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{column}': bucketize quantiles must be at least 2.", column);
        }
        var sorted = RequireFinite(column, values, "bucketize");
        Array.Sort(sorted);
        var edges = new List<double>();
        foreach (var e in Quantiles.Edges(sorted, quantiles))
        {
            // Edges distinct in double may collapse in float32, where the graph compares.
            if (edges.Count == 0 || (float)e > (float)edges[^1])
            {
                edges.Add(e);
            }
        }
        return new BucketizeStep(edges, quantiles);
    }

    private static double FitMean(string column, float[] values, string what) =>
        RequireFloat(column, FitStatistics.Mean(RequireFinite(column, values, what)), $"{what} value");

    private static double[] RequireFinite(string column, float[] values, string what)
    {
        var finite = FitStatistics.Finite(values);
        return finite.Length > 0
            ? finite
            : throw new FeaturePipelineException(DataRefusalReason.NoTrainingValues, $"Feature '{column}': cannot fit {what}: the training split has no finite values in this column.", column);
    }

    private static double RequireFloat(string column, double value, string what) =>
        float.IsFinite((float)value)
            ? value
            : throw new FeaturePipelineException(DataRefusalReason.ValueOutOfRange, $"Feature '{column}': the {what} {value} does not fit in float32.", column);

    private static double ParseConstant(string column, string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{column}': impute with strategy constant needs a finite number as value, got '{text}'.", column);

}
