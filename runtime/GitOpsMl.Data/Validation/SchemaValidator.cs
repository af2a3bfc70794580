using System.Globalization;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Validation;

/// <summary>
/// Checks every row against the Dataset schema, drops the rows that break it and decides whether
/// what is left may be trained on.
/// <list type="bullet">
/// <item>Row-level (the row is dropped): malformed record, unparseable cell (type), below min,
/// above max, category not in values, missing in a nullable: false column, and a repeated value
/// in a unique column (unique: true, or role id unless unique: false; the first occurrence in file
/// order is kept, missing values are never duplicates). Infinite floats pass unless min/max exclude them.
/// A sample weight (role weight) must be present, finite and at least 0, whatever nullable, min and max
/// say (<see cref="ViolationKind.InvalidWeight"/>).</item>
/// <item>Column-level: missing cells / all rows above maxNullFraction refuses the data outright
/// (no rows are dropped for it). Cells that failed to parse count as type violations, not as missing.</item>
/// <item>Budget: invalid rows / all rows above validation.maxInvalidFraction (default 0, so any
/// invalid row refuses) refuses the data; so does a file with no rows, or none left.</item>
/// </list>
/// Refusal throws <see cref="DataRefusedException"/> carrying the full report.
/// </summary>
public static class SchemaValidator
{
    public static ValidatedDataset Validate(DatasetSpec spec, RawDataset raw)
    {
        var report = Check(spec, raw, out var validRows);
        if (!report.Accepted)
        {
            throw new DataRefusedException(report.Refusal!.Value, report.RefusalMessage!, report);
        }
        // Every row valid (the usual case): the read table itself, not a copy of it.
        return new ValidatedDataset(validRows.Length == raw.Table.RowCount ? raw.Table : raw.Table.Take(validRows), report);
    }

    /// <summary>The report without throwing: for `validate`-style callers that print instead of refuse.</summary>
    public static ValidationReport Check(DatasetSpec spec, RawDataset raw, out int[] validRows)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(raw);
        var table = raw.Table;
        var n = table.RowCount;
        var invalid = new bool[n];
        var malformed = new bool[n];
        // Per column, the rows whose cell failed to parse: an array, not a set of pairs, since it is probed for every cell.
        var badCells = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        var collectors = new Dictionary<(ViolationKind, string?), ViolationCollector>();
        ViolationCollector For(ViolationKind kind, string? column)
        {
            if (!collectors.TryGetValue((kind, column), out var c))
            {
                collectors[(kind, column)] = c = new ViolationCollector(kind, column);
            }
            return c;
        }

        foreach (var e in raw.ReadErrors.OrderBy(e => e.Row))
        {
            invalid[e.Row] = true;
            if (e.Column is null)
            {
                malformed[e.Row] = true;
            }
            else
            {
                if (!badCells.TryGetValue(e.Column, out var rows))
                {
                    badCells[e.Column] = rows = new bool[n];
                }
                rows[e.Row] = true;
            }
            For(e.Kind, e.Column).Add(table.SourceRow(e.Row), e.Value, e.Message);
        }

        var refusals = new List<string>();
        foreach (var column in spec.Schema)
        {
            if (!table.TryGetColumn(column.Name, out var data))
            {
                continue;
            }
            var missing = 0L;
            var missingExamples = new ViolationCollector(ViolationKind.NullFraction, column.Name);
            var unique = column.Unique ?? column.Role == ColumnRole.Id;
            var isWeight = column.Role == ColumnRole.Weight;
            var seen = unique ? new Dictionary<string, long>(StringComparer.Ordinal) : null;
            var allowed = column.Values is { } values ? new HashSet<string>(values, StringComparer.Ordinal) : null;
            var bad = badCells.GetValueOrDefault(column.Name);
            var numbers = (data as NumericColumn)?.Values;
            var strings = (data as StringColumn)?.Values;
            for (var row = 0; row < n; row++)
            {
                if (malformed[row] || (bad is not null && bad[row]))
                {
                    continue;
                }
                var source = table.SourceRow(row);
                if (data.IsMissing(row))
                {
                    missing++;
                    missingExamples.Add(source, null, "missing");
                    if (isWeight)
                    {
                        invalid[row] = true;
                        For(ViolationKind.InvalidWeight, column.Name).Add(source, null, $"weight '{column.Name}' is missing; every row needs a weight");
                    }
                    else if (column.Nullable == false)
                    {
                        invalid[row] = true;
                        For(ViolationKind.NullNotAllowed, column.Name).Add(source, null, $"'{column.Name}' is missing but the column is not nullable");
                    }
                    continue;
                }
                if (numbers is not null)
                {
                    var v = numbers[row];
                    if (isWeight && !(double.IsFinite(v) && v >= 0))
                    {
                        invalid[row] = true;
                        For(ViolationKind.InvalidWeight, column.Name).Add(source, Format(v), $"weight {Format(v)} is {(double.IsFinite(v) ? "negative" : "not finite")}; a weight must be finite and at least 0");
                    }
                    if (column.Min is { } min && v < min)
                    {
                        invalid[row] = true;
                        For(ViolationKind.BelowMin, column.Name).Add(source, Format(v), $"{Format(v)} is below min {Format(min)}");
                    }
                    if (column.Max is { } max && v > max)
                    {
                        invalid[row] = true;
                        For(ViolationKind.AboveMax, column.Name).Add(source, Format(v), $"{Format(v)} is above max {Format(max)}");
                    }
                }
                if (allowed is not null && strings is not null && !allowed.Contains(strings[row]!))
                {
                    invalid[row] = true;
                    For(ViolationKind.NotAllowed, column.Name).Add(source, strings[row],
                        $"'{strings[row]}' is not one of the allowed values [{string.Join(", ", column.Values!.Take(10))}{(column.Values!.Count > 10 ? ", ..." : "")}]");
                }
                if (seen is not null)
                {
                    var key = data.CanonicalValue(row)!;
                    if (seen.TryGetValue(key, out var first))
                    {
                        invalid[row] = true;
                        For(ViolationKind.Duplicate, column.Name).Add(source, key,
                            $"'{key}' repeats the value of {(table.RowKind == SourceRowKind.Line ? "line" : "row")} {first} in unique column '{column.Name}'");
                    }
                    else
                    {
                        seen[key] = source;
                    }
                }
            }
            if (column.MaxNullFraction is { } maxNull && n > 0 && (double)missing / n > maxNull)
            {
                collectors[(ViolationKind.NullFraction, column.Name)] = missingExamples;
                refusals.Add(string.Create(CultureInfo.InvariantCulture,
                    $"column '{column.Name}' is missing in {missing} of {n} rows ({(double)missing / n:P2}), above its maxNullFraction {maxNull:P2}"));
            }
        }

        var invalidCount = invalid.LongCount(b => b);
        validRows = Enumerable.Range(0, n).Where(r => !invalid[r]).ToArray();
        var fraction = n == 0 ? 0 : (double)invalidCount / n;
        var budget = spec.Validation?.MaxInvalidFraction ?? 0;
        var order = spec.Schema.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var violations = collectors.Values.Select(c => c.ToSummary())
            .OrderBy(v => v.Column is null ? -1 : order.GetValueOrDefault(v.Column, int.MaxValue))
            .ThenBy(v => v.Kind)
            .ToArray();

        DataRefusalReason? refusal = null;
        string? message = null;
        if (n == 0)
        {
            (refusal, message) = (DataRefusalReason.NoRows, "the data has no rows");
        }
        else if (refusals.Count > 0)
        {
            (refusal, message) = (DataRefusalReason.NullFractionExceeded, string.Join("; ", refusals));
        }
        else if (fraction > budget)
        {
            var worst = violations.Where(v => v.Kind != ViolationKind.NullFraction).OrderByDescending(v => v.Count).Take(3)
                .Select(v => $"{v.Count} {v.Kind}{(v.Column is null ? "" : $" in '{v.Column}'")}");
            (refusal, message) = (DataRefusalReason.TooManyInvalidRows, string.Create(CultureInfo.InvariantCulture,
                $"{invalidCount} of {n} rows ({fraction:P2}) break the schema, more than validation.maxInvalidFraction {budget} allows (most: {string.Join(", ", worst)})"));
        }
        else if (validRows.Length == 0)
        {
            (refusal, message) = (DataRefusalReason.NoRows, "no rows are left after dropping the invalid ones");
        }

        return new ValidationReport
        {
            Sha256 = raw.Sha256,
            TotalRows = n,
            ValidRows = validRows.Length,
            InvalidRows = invalidCount,
            InvalidFraction = fraction,
            MaxInvalidFraction = budget,
            RowKind = table.RowKind,
            Violations = violations,
            Refusal = refusal,
            RefusalMessage = message,
        };
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
