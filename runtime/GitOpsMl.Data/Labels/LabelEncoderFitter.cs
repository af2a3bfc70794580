using GitOpsMl.Api.Common;
using GitOpsMl.Api.Failures;
using System.Globalization;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Labels;

/// <summary>
/// Fits the label encoding on the training split (see <see cref="FittedLabelEncoder"/>).
/// Binary needs exactly two distinct training classes; the positive class is the spec's
/// positiveClass (read as the column's type, so "True" matches a bool true and "1.0" an int 1),
/// else "true", else "1", else the second of the two in sorted order. Multiclass needs at least
/// two. Regression needs a float or int column. Timestamp labels are refused.
/// </summary>
public static class LabelEncoderFitter
{
    public static FittedLabelEncoder Fit(LabelSpec label, DatasetSpec schema, Table train)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(train);
        var name = label.Column;
        var spec = schema.Schema.FirstOrDefault(c => c.Name == name)
            ?? throw new FeaturePipelineException(SpecRefusal.ColumnNotInSchema, $"Label '{name}' is not a column of the dataset.", name);
        if (!train.TryGetColumn(name, out var column))
        {
            throw new FeaturePipelineException(DataRefusalReason.SchemaMismatch, $"Label '{name}' is not in the training table.", name);
        }
        if ((ColumnRules.LabelProblem(spec) ?? ColumnRules.LabelTaskProblem(spec, label.Task)) is { } problem)
        {
            throw new FeaturePipelineException(SpecRefusal.LabelDoesNotFitTask, $"Label '{name}': {problem}.", name);
        }
        if (label.Task == PredictionTask.Regression)
        {
            return new FittedLabelEncoder { Column = name, Task = label.Task, ColumnType = spec.Type };
        }

        var classes = Enumerable.Range(0, column.Length).Where(r => !column.IsMissing(r))
            .Select(column.CanonicalValue).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
        classes = column is NumericColumn
            ? classes.OrderBy(c => c == "true" ? 1 : c == "false" ? 0 : double.Parse(c, CultureInfo.InvariantCulture)).ToList()
            : classes.OrderBy(c => c, StringComparer.Ordinal).ToList();

        if (label.Task == PredictionTask.Multiclass)
        {
            if (classes.Count < 2)
            {
                throw new FeaturePipelineException(DataRefusalReason.WrongClassCount, $"Multiclass label '{name}' has {classes.Count} class(es) in the training split; it needs at least two.", name);
            }
            return new FittedLabelEncoder { Column = name, Task = label.Task, ColumnType = spec.Type, Classes = classes };
        }

        if (classes.Count != 2)
        {
            throw new FeaturePipelineException(DataRefusalReason.WrongClassCount, 
                $"Binary label '{name}' has {classes.Count} distinct values in the training split [{string.Join(", ", classes.Take(10))}{(classes.Count > 10 ? ", ..." : "")}]; it needs exactly two. Use task multiclass for more.", name);
        }
        string positive;
        if (label.PositiveClass is { } wanted)
        {
            var canonical = Canonical(spec.Type, wanted)
                ?? throw new FeaturePipelineException(SpecRefusal.PositiveClassNotAValue, $"positiveClass '{wanted}' is not a valid {ApiNames.Of(spec.Type)} value for label '{name}'.", name);
            positive = classes.Contains(canonical, StringComparer.Ordinal)
                ? canonical
                : throw new FeaturePipelineException(DataRefusalReason.PositiveClassNotInData, $"positiveClass '{wanted}' is not one of the training classes [{string.Join(", ", classes)}] of label '{name}'.", name);
        }
        else
        {
            positive = classes.Contains("true") ? "true" : classes.Contains("1") ? "1" : classes[1];
        }
        var negative = classes.Single(c => c != positive);
        return new FittedLabelEncoder { Column = name, Task = label.Task, ColumnType = spec.Type, Classes = [negative, positive], PositiveClass = positive };
    }

    /// <summary>A class as the column's canonical text, so the spec's spelling matches the data's.</summary>
    private static string? Canonical(ColumnType type, string text) => type switch
    {
        ColumnType.Bool => CellParser.TryParseBool(text, out var b) ? (b != 0 ? "true" : "false") : null,
        ColumnType.Float => CellParser.TryParseFloat(text, out var f) && !double.IsNaN(f) ? f.ToString("R", CultureInfo.InvariantCulture) : null,
        ColumnType.Int => CellParser.TryParseInt(text, out var i) && !double.IsNaN(i) ? i.ToString("R", CultureInfo.InvariantCulture) : null,
        _ => text,
    };
}
