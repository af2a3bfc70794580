using GitOpsMl.Data.Reading;
using GitOpsMl.Api.Failures;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Features;

/// <summary>
/// Fits a FeatureSet's transforms on the training split. Which columns may be features: float,
/// int and bool columns (numeric transforms), category and string columns (categorical ones) and
/// timestamp columns through datetime (calendar fields). Timestamp columns without datetime and
/// columns with role id or ignore (or role timestamp without datetime) are refused, as are the
/// label column, prohibited columns, repeats and columns the schema does not have.
/// </summary>
public static class FeaturePipelineFitter
{
    public static FittedFeaturePipeline Fit(FeatureSetSpec featureSet, DatasetSpec schema, Table train)
    {
        ArgumentNullException.ThrowIfNull(featureSet);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(train);
        var columns = schema.Schema.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var prohibited = new HashSet<string>(featureSet.ProhibitedColumns ?? [], StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var features = new List<FittedFeature>();
        foreach (var feature in featureSet.Features)
        {
            var name = feature.Column;
            if (!seen.Add(name))
            {
                throw new FeaturePipelineException(SpecRefusal.DuplicateFeature, $"Feature '{name}' is listed more than once.", name);
            }
            if (!columns.TryGetValue(name, out var column))
            {
                throw new FeaturePipelineException(SpecRefusal.ColumnNotInSchema, 
                    $"Feature '{name}' is not a column of the dataset; its columns are [{string.Join(", ", schema.Schema.Select(c => c.Name))}].", name);
            }
            if (name == featureSet.Label.Column)
            {
                throw new FeaturePipelineException(SpecRefusal.ColumnCannotBeFeature, $"Feature '{name}' is the label column; a model cannot see its own label.", name);
            }
            if (prohibited.Contains(name))
            {
                throw new FeaturePipelineException(SpecRefusal.ColumnCannotBeFeature, $"Feature '{name}' is a prohibited column.", name);
            }
            if (ColumnRules.FeatureProblem(column, datetime: feature.Datetime is not null) is { } problem)
            {
                throw new FeaturePipelineException(SpecRefusal.ColumnCannotBeFeature, $"Feature '{name}' {problem}.", name);
            }
            if (!train.TryGetColumn(name, out var data))
            {
                throw new FeaturePipelineException(DataRefusalReason.SchemaMismatch, $"Feature '{name}' is in the schema but not in the training table.", name);
            }
            var transforms = feature.Transforms ?? [];
            if (feature.Datetime is not null && transforms.Count > 0)
            {
                throw new FeaturePipelineException(SpecRefusal.TransformParameters, $"Feature '{name}': a feature has either datetime or transforms, not both.", name);
            }
            features.Add(data switch
            {
                TimestampColumn times when feature.Datetime is { } datetime => DatetimeFeatureFitter.Fit(column, datetime, times),
                NumericColumn numeric => NumericFeatureFitter.Fit(column, transforms, numeric),
                StringColumn strings => CategoricalFeatureFitter.Fit(column, transforms, strings),
                _ => throw new FeaturePipelineException(SpecRefusal.ColumnCannotBeFeature, $"Feature '{name}' of type {data.Type} cannot be a feature.", name),
            });
        }
        var pipeline = new FittedFeaturePipeline { Features = features };
        var duplicate = pipeline.OutputNames.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FeaturePipelineException(DataRefusalReason.DuplicateOutputName, $"Two features produce an output named '{duplicate.Key}'; rename a column or category.");
        }
        return pipeline;
    }
}
