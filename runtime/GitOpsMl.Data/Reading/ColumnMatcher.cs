using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// Lines a file's columns up with the schema. Names match exactly (ordinal, no trimming): a
/// header "Tenure " is not the column "Tenure", and saying so is kinder than guessing.
/// </summary>
internal static class ColumnMatcher
{
    /// <summary>The schema's column specs in the file's column order; refuses any difference, naming both lists.</summary>
    public static ColumnSpec[] Match(IReadOnlyList<string> fileColumns, IReadOnlyList<ColumnSpec> schema, string source)
    {
        var bySchemaName = new Dictionary<string, ColumnSpec>(StringComparer.Ordinal);
        foreach (var column in schema)
        {
            if (!bySchemaName.TryAdd(column.Name, column))
            {
                throw new DataRefusedException(DataRefusalReason.SchemaMismatch, $"The schema lists column '{column.Name}' twice.");
            }
        }
        var duplicates = fileColumns.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = schema.Select(c => c.Name).Where(n => !fileColumns.Contains(n, StringComparer.Ordinal)).ToList();
        var extra = fileColumns.Where(n => !bySchemaName.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
        if (duplicates.Count > 0 || missing.Count > 0 || extra.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add($"in the schema but not in the file: {List(missing)}");
            }
            if (extra.Count > 0)
            {
                problems.Add($"in the file but not in the schema: {List(extra)}");
            }
            if (duplicates.Count > 0)
            {
                problems.Add($"more than once in the file: {List(duplicates)}");
            }
            throw new DataRefusedException(DataRefusalReason.SchemaMismatch,
                $"The columns of {source} do not match the schema. Columns {string.Join("; ", problems)}. " +
                $"File columns: {List(fileColumns)}. Schema columns: {List(schema.Select(c => c.Name))}.")
            {
                Mismatch = new ColumnMismatch(missing, extra, duplicates),
            };
        }
        return fileColumns.Select(n => bySchemaName[n]).ToArray();
    }

    private static string List(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => $"'{n}'")) + "]";
}
