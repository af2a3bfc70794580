using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Kinds;

/// <summary>
/// What a dataset column may be used for, decided from its schema entry alone. validate and the
/// run's fitters both ask here, so a column validate accepts is one the run can use and the other
/// way round. Each method returns null when the use is fine, else why not (a sentence fragment
/// after the column's name).
/// </summary>
public static class ColumnRules
{
    /// <summary>
    /// A feature must be something the model can generalise from and will have at serving time:
    /// not the label, an identifier, a raw time, an ignored column or a sample weight.
    /// </summary>
    /// <param name="source">Where the column is declared ("in Dataset x"), worded into the reason when given.</param>
    /// <param name="datetime">Whether the feature derives calendar fields (FeatureSpec.datetime): then the column must be a timestamp, and may be the dataset's time column.</param>
    public static string? FeatureProblem(ColumnSpec column, string? source = null, bool datetime = false)
    {
        if (datetime)
        {
            return column.Type != ColumnType.Timestamp
                ? $"has type {ApiNames.Of(column.Type)}{In(source)}; datetime derives calendar fields from a timestamp column"
                : column.Role is ColumnRole.Id or ColumnRole.Label or ColumnRole.Ignore or ColumnRole.Weight
                    ? $"has role {ApiNames.Of(column.Role.Value)}{In(source)} and cannot be a feature"
                    : null;
        }
        return column.Type == ColumnType.Timestamp
            ? $"is a timestamp; use it through datetime to derive calendar features, e.g. {DatetimeExample}"
            : column.Role is ColumnRole.Id or ColumnRole.Label or ColumnRole.Timestamp or ColumnRole.Ignore or ColumnRole.Weight
                ? $"has role {ApiNames.Of(column.Role.Value)}{In(source)} and cannot be a feature"
                : null;
    }

    /// <summary>The feature a timestamp column is meant to be used through, as a user would write it.</summary>
    public const string DatetimeExample = "{column: ..., datetime: {parts: [month, dayOfWeek, hour], elapsed: days}}";

    /// <summary>
    /// A category or string column that holds dates (its declared values are all timestamps, or,
    /// without values, its name has the word date, datetime or timestamp) is likely a workaround from
    /// before datetime features: one-hot on dates cannot generalise to dates it has not seen.
    /// </summary>
    public static string? DateAsCategoryHint(ColumnSpec column) =>
        column.Type is ColumnType.Category or ColumnType.String
            && (column.Values is { Count: > 0 } values ? values.All(v => TimestampText.TryParse(v, out _)) : NamedLikeADate(column.Name))
            ? $"holds dates as {ApiNames.Of(column.Type)}; declare it type timestamp and use datetime features instead, e.g. {DatetimeExample}"
            : null;

    /// <summary>A label is a value to predict: not a raw time, an identifier, an ignored column or a weight.</summary>
    public static string? LabelProblem(ColumnSpec column, string? source = null) =>
        column.Type == ColumnType.Timestamp
            ? "is a timestamp; it cannot be predicted as a class or a value"
            : column.Role is ColumnRole.Id or ColumnRole.Timestamp or ColumnRole.Ignore or ColumnRole.Weight
                ? $"has role {ApiNames.Of(column.Role.Value)}{In(source)}; a label column has role label (or feature)"
                : null;

    /// <summary>Slicing groups test rows by value: an identifier or a raw time would give every row its own slice.</summary>
    public static string? SliceProblem(ColumnSpec column) =>
        column.Type == ColumnType.Timestamp || column.Role is ColumnRole.Id or ColumnRole.Timestamp
            ? $"is {(column.Type == ColumnType.Timestamp ? "a timestamp" : $"role {ApiNames.Of(column.Role!.Value)}")}; slicing on it would give each row its own slice"
            : null;

    /// <summary>Whether the label's type can hold what <paramref name="task"/> predicts.</summary>
    public static string? LabelTaskProblem(ColumnSpec label, PredictionTask task)
    {
        var ok = task switch
        {
            PredictionTask.Binary => label.Type is ColumnType.Bool or ColumnType.Int or ColumnType.String
                || (label.Type == ColumnType.Category && (label.Values is null || label.Values.Count == 2)),
            PredictionTask.Multiclass => label.Type is ColumnType.Category or ColumnType.Int or ColumnType.String,
            _ => label.Type is ColumnType.Float or ColumnType.Int,
        };
        if (ok) return null;
        var expected = task switch
        {
            PredictionTask.Binary => "a bool, int, string or two-valued category column",
            PredictionTask.Multiclass => "a category, string or int column",
            _ => "a float or int column",
        };
        return $"task {ApiNames.Of(task)} needs {expected}; column \"{label.Name}\" has type {ApiNames.Of(label.Type)}"
            + (label.Values is { } v && task == PredictionTask.Binary ? $" with {v.Count} values" : "");
    }

    private static bool NamedLikeADate(string name) =>
        System.Text.RegularExpressions.Regex.Split(name, "[^A-Za-z]+|(?<=[a-z])(?=[A-Z])")
            .Any(w => w.ToLowerInvariant() is "date" or "datetime" or "timestamp");

    private static string In(string? source) => source is null ? "" : $" in {source}";
}
