using GitOpsMl.Api.Common;
using GitOpsMl.Data.Reading;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>
/// Fits a category or string column: an optional impute (mostFrequent, the default, or constant)
/// first, then at most one encoder (oneHot or hashBucket) last. No encoder means oneHot(ignore),
/// recorded with Implicit = true. Without impute, a missing value is an unknown category. The
/// encoder is fitted on the training values after imputation.
/// </summary>
internal static class CategoricalFeatureFitter
{
    public static FittedCategoricalFeature Fit(ColumnSpec column, IReadOnlyList<TransformSpec> transforms, StringColumn train)
    {
        var name = column.Name;
        for (var i = 0; i < transforms.Count; i++)
        {
            var type = transforms[i].Type;
            if (type is not (TransformType.Impute or TransformType.OneHot or TransformType.HashBucket))
            {
                throw new FeaturePipelineException(SpecRefusal.TransformDoesNotFitColumn, 
                    $"Feature '{name}': {ApiNames.Of(type)} applies to numeric columns; '{name}' is {ApiNames.Of(column.Type)}. Use oneHot or hashBucket.", name);
            }
            if (type == TransformType.Impute && i != 0)
            {
                throw new FeaturePipelineException(SpecRefusal.TransformOrder, $"Feature '{name}': impute must be the first transform; it is number {i + 1}.", name);
            }
        }
        for (var i = 0; i < transforms.Count; i++)
        {
            if (transforms[i].Type != TransformType.Impute && i != transforms.Count - 1)
            {
                throw new FeaturePipelineException(SpecRefusal.TransformOrder, $"Feature '{name}': a column takes one encoder (oneHot or hashBucket), and it must be the last transform.", name);
            }
        }

        CategoricalImputeStep? impute = null;
        if (transforms.FirstOrDefault(t => t.Type == TransformType.Impute) is { } imputeSpec)
        {
            var strategy = imputeSpec.Strategy ?? ImputeStrategy.MostFrequent;
            var present = train.Values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();
            var fill = strategy switch
            {
                ImputeStrategy.Constant when !string.IsNullOrEmpty(imputeSpec.Value) => imputeSpec.Value,
                ImputeStrategy.Constant => throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{name}': impute with strategy constant needs a non-empty value.", name),
                ImputeStrategy.MostFrequent when present.Length > 0 => FitStatistics.MostFrequent(present),
                ImputeStrategy.MostFrequent => throw new FeaturePipelineException(DataRefusalReason.NoTrainingValues, $"Feature '{name}': cannot fit impute(mostFrequent): the training split has no values in this column.", name),
                _ => throw new FeaturePipelineException(SpecRefusal.TransformDoesNotFitColumn, $"Feature '{name}': impute strategy {strategy} needs numbers; a categorical column takes mostFrequent or constant.", name),
            };
            impute = new CategoricalImputeStep(strategy, fill, imputeSpec.Indicator ?? false);
        }

        var values = train.Values.Select(v => impute is null ? v : impute.Apply(v))
            .Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();
        if (values.Length == 0)
        {
            throw new FeaturePipelineException(DataRefusalReason.NoTrainingValues, $"Feature '{name}': the training split has no values in this column to build a vocabulary from.", name);
        }
        var encoder = transforms.LastOrDefault(t => t.Type is TransformType.OneHot or TransformType.HashBucket);
        CategoricalEncoding encoding = encoder?.Type == TransformType.HashBucket
            ? FitHashBucket(name, encoder, values)
            : FitOneHot(encoder, values);
        return new FittedCategoricalFeature { Column = name, ColumnType = column.Type, Impute = impute, Encoding = encoding };
    }

    private static OneHotEncoding FitOneHot(TransformSpec? spec, string[] values)
    {
        var max = spec?.MaxCategories ?? OneHotEncoding.DefaultMaxCategories;
        var vocabulary = values.GroupBy(v => v, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(max).Select(g => g.Key)
            .OrderBy(v => v, StringComparer.Ordinal).ToArray();
        return new OneHotEncoding(vocabulary, spec?.Unknown ?? UnknownCategory.Ignore, max, Implicit: spec is null);
    }

    private static HashBucketEncoding FitHashBucket(string name, TransformSpec spec, string[] values)
    {
        var buckets = spec.Buckets ?? throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{name}': hashBucket needs buckets.", name);
        if (buckets < 1)
        {
            throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{name}': hashBucket needs at least one bucket.", name);
        }
        var vocabulary = values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal).ToArray();
        return new HashBucketEncoding(buckets, vocabulary, vocabulary.Select(v => HashBucketEncoding.HashedBucket(v, buckets)).ToArray());
    }
}
