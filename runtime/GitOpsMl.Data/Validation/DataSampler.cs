using GitOpsMl.Api.Kinds;
using GitOpsMl.Api.Validation;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Validation;

/// <summary>
/// What `validate` learns from the data without training: the header (or Parquet columns) against the
/// schema, and the first rows through the same reader and <see cref="SchemaValidator"/> training uses.
/// Reports only what the sample proves: a header that does not match, and rows that break the schema
/// (errors when validation.maxInvalidFraction is 0, as training then refuses any; a warning when the
/// sample's invalid share is above a nonzero budget, since the whole file may still be within it).
/// Null fractions and the sha256 pin need the whole file and are left to training.
/// </summary>
public static class DataSampler
{
    /// <summary>Enough rows to meet most type and format mistakes, few enough that validate stays a quick CI step.</summary>
    public const int DefaultRows = 1000;

    /// <param name="displayPath">The data file as messages name it.</param>
    public static IReadOnlyList<DataFinding> Check(DatasetSpec spec, string path, string displayPath, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(spec);
        (Table Table, IReadOnlyList<ReadError> Errors) read;
        try
        {
            using var stream = File.OpenRead(path);
            read = (spec.Format ?? DataFormat.Csv) == DataFormat.Parquet
                ? ParquetTableReader.ReadTableAsync(spec.Schema, stream, maxRows).GetAwaiter().GetResult()
                : CsvTableReader.ReadSample(spec.Schema, spec.Csv, stream, maxRows);
        }
        catch (DataRefusedException e) when (e.Mismatch is { } mismatch)
        {
            return HeaderFindings(spec, mismatch, displayPath);
        }
        catch (DataRefusedException e)
        {
            return [new DataFinding(null, $"{displayPath}: {e.Message}")];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new DataFinding(null, $"{displayPath}: cannot be read: {e.Message}")];
        }

        var raw = new RawDataset(read.Table, read.Errors, Sha256: "", ByteCount: 0, spec.Format ?? DataFormat.Csv);
        var report = SchemaValidator.Check(spec, raw, out _);
        if (report.TotalRows == 0) return [new DataFinding(null, $"{displayPath}: the data has no rows")];
        var budget = spec.Validation?.MaxInvalidFraction ?? 0;
        if (report.InvalidRows == 0 || (budget > 0 && report.InvalidFraction <= budget)) return [];
        var severity = budget == 0 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        var within = budget == 0 ? "" : $"; {report.InvalidRows} of the first {report.TotalRows} rows break the schema, above validation.maxInvalidFraction {budget}";
        return report.Violations
            .Where(v => v.Kind != ViolationKind.NullFraction && v.Examples.Count > 0)
            .Select(v => new DataFinding(v.Column, $"{At(displayPath, report.RowKind, v.Examples[0].Row)}: {v.Examples[0].Message}"
                + (v.Count > 1 ? $" ({v.Count} such rows in the first {report.TotalRows})" : "") + within, severity))
            .ToList();
    }

    /// <summary>
    /// The rows a run's table would get from the file, before validation drops any: CSV records counted through the
    /// run's reader (the whole file streamed, nothing kept), Parquet rows from the file's metadata. Null when the file
    /// cannot be read as its format (<see cref="Check"/> has reported why).
    /// </summary>
    public static long? CountRows(DatasetSpec spec, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            using var stream = File.OpenRead(path);
            return (spec.Format ?? DataFormat.Csv) == DataFormat.Parquet
                ? ParquetTableReader.CountRowsAsync(stream).GetAwaiter().GetResult()
                : CsvTableReader.CountRecords(spec.Csv, stream);
        }
        catch (Exception e) when (e is DataRefusedException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>One finding per column: a missing one at its schema entry (with the file column it may be), the rest at the file.</summary>
    private static List<DataFinding> HeaderFindings(DatasetSpec spec, ColumnMismatch mismatch, string displayPath)
    {
        var header = (spec.Format ?? DataFormat.Csv) == DataFormat.Parquet ? $"{displayPath}: the Parquet file" : $"{displayPath}:1: the header";
        var findings = new List<DataFinding>();
        foreach (var name in mismatch.Missing)
            findings.Add(new DataFinding(name, $"{header} has no column \"{name}\"{Suggestions.DidYouMean(name, mismatch.Extra)}"));
        foreach (var name in mismatch.Extra)
            findings.Add(new DataFinding(null, $"{header} has column \"{name}\", which the schema does not list (add it, with role: ignore if it is not used)"));
        foreach (var name in mismatch.Duplicates)
            findings.Add(new DataFinding(null, $"{header} has column \"{name}\" more than once"));
        return findings;
    }

    private static string At(string displayPath, SourceRowKind kind, long row) =>
        kind == SourceRowKind.Line ? $"{displayPath}:{row}" : $"{displayPath} row {row}";
}
