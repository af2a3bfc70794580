using System.Text.Json;
using System.Text.Json.Serialization;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Labels;

/// <summary>
/// The fitted label encoding. Classes are compared by their canonical text
/// (<see cref="TableColumn.CanonicalValue"/>: "true"/"false" for bool, "1" for the int 1).
/// <list type="bullet">
/// <item>binary: <see cref="Classes"/> = [negative, positive]; positive → 1, negative → 0.</item>
/// <item>multiclass: <see cref="Classes"/> = the training classes sorted (numerically for float,
/// int and bool columns, ordinal for strings); a class → its index.</item>
/// <item>regression: the value itself as a double; <see cref="Classes"/> is empty.</item>
/// </list>
/// Rows whose label is missing, whose class the training split did not have, or (regression)
/// whose value is infinite are dropped and counted in <see cref="EncodedLabels"/>.
/// </summary>
public sealed record FittedLabelEncoder
{
    public required string Column { get; init; }
    public required PredictionTask Task { get; init; }
    public required ColumnType ColumnType { get; init; }
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Binary only: the class encoded as 1 (= Classes[1]).</summary>
    public string? PositiveClass { get; init; }

    [JsonIgnore]
    public int ClassCount => Classes.Count;

    public EncodedLabels Encode(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.TryGetColumn(Column, out var column))
        {
            throw new ArgumentException($"The table has no label column '{Column}'.", nameof(table));
        }
        var index = Classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        var values = new List<double>(table.RowCount);
        var rows = new List<int>(table.RowCount);
        long missing = 0, unseen = 0, nonFinite = 0;
        var unseenClasses = new SortedSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < table.RowCount; row++)
        {
            if (column.IsMissing(row))
            {
                missing++;
                continue;
            }
            if (Task == PredictionTask.Regression)
            {
                var v = ((NumericColumn)column).Values[row];
                if (!double.IsFinite(v))
                {
                    nonFinite++;
                    continue;
                }
                values.Add(v);
                rows.Add(row);
                continue;
            }
            var text = column.CanonicalValue(row)!;
            if (!index.TryGetValue(text, out var cls))
            {
                unseen++;
                unseenClasses.Add(text);
                continue;
            }
            values.Add(cls);
            rows.Add(row);
        }
        return new EncodedLabels(values.ToArray(), rows.ToArray(), missing, unseen, nonFinite, unseenClasses.Take(10).ToArray());
    }

    public string ToJson(bool indented = true) => JsonSerializer.Serialize(this, indented ? ApiJson.Indented : ApiJson.Options);

    public static FittedLabelEncoder FromJson(string json) =>
        JsonSerializer.Deserialize<FittedLabelEncoder>(json, ApiJson.Options) ?? throw new JsonException("The label encoder JSON is null.");
}
