using System.Globalization;
using CsvHelper;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Reading;

namespace GitOpsMl.Data.Inspection;

/// <summary>
/// Inspects a CSV file with the reader settings training uses (RFC 4180, a header row, the same
/// null values), streaming the first rows only, so a file of any size answers in bounded time and memory.
/// </summary>
public static class CsvInspector
{
    public static InspectionReport Inspect(string path, InspectionOptions options)
    {
        using var stream = OpenRead(path);
        if (stream.Length == 0) throw new InspectionException($"{path}: the file is empty: a CSV file needs a header line naming its columns");
        var notes = new List<string>();
        var delimiter = options.Delimiter ?? (Path.GetExtension(path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
        var trimSpaces = options.TrimSpaces ?? false;
        var ragged = 0L;
        long values = 0, padded = 0;
        long? firstRaggedLine = null;
        var readerOptions = CsvReaderOptions.Default with
        {
            Separator = delimiter,
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Recover,
        };
        var nullValues = new HashSet<string>(CsvTableReader.DefaultNullValues, StringComparer.Ordinal);
        ColumnStatistics[] columns;
        long rows = 0;
        var truncated = false;
        long endOfSample;
        try
        {
            using var reader = CsvReader.Create(stream, readerOptions, leaveOpen: true);
            var header = reader.Headers.Select(h => trimSpaces ? h.Trim(' ') : h).ToArray();
            if (header.Length == 0) throw new InspectionException($"{path}: the file has no header line (only empty lines?)");
            columns = header.Select(h => new ColumnStatistics(h, options)).ToArray();
            while (true)
            {
                if (rows == options.MaxRows)
                {
                    truncated = reader.Read();
                    break;
                }
                if (!reader.Read()) break;
                rows++;
                if (reader.FieldCount != columns.Length)
                {
                    ragged++;
                    firstRaggedLine ??= reader.LineNumber;
                }
                for (var c = 0; c < columns.Length; c++)
                {
                    if (c >= reader.FieldCount)
                    {
                        columns[c].AddNull();
                        continue;
                    }
                    var text = reader.GetString(c);
                    if (text.Length > 0)
                    {
                        values++;
                        if (text[0] == ' ' || text[^1] == ' ') padded++;
                    }
                    columns[c].AddText(trimSpaces ? text.Trim(' ') : text, nullValues);
                }
            }
            endOfSample = truncated ? reader.ByteOffset : stream.Length;
        }
        catch (CsvFormatException e)
        {
            throw new InspectionException($"{path}: the CSV file cannot be read: {e.Message}", e);
        }

        if (truncated)
            notes.Add($"Read the first {rows} rows only (--rows {options.MaxRows}; about {Percent(endOfSample, stream.Length)} of the file's bytes): the file has more, and every figure describes the rows read.");
        if (ragged > 0)
            notes.Add($"{ragged} row(s) have a different number of fields than the header's {columns.Length} (first at line {firstRaggedLine}); training refuses such rows as malformed.");
        if (options.Delimiter is null && columns.Length == 1 && DelimiterHint(columns[0].Name) is { } hint)
        {
            // Like pandas' and DuckDB's sniffers, but only from the header: a one-column header holding ';', tab or '|'
            // is read again with it. The detected delimiter is reported, and --schema writes it, so training never guesses.
            var detected = Inspect(path, options with { Delimiter = hint });
            var note = $"Detected the delimiter '{Printable(hint)}': with '{Printable(delimiter)}' the header is one column holding '{Printable(hint)}'. --schema writes csv.delimiter; pass --delimiter to choose another.";
            return detected with { Notes = [note, .. detected.Notes] };
        }
        if (options.TrimSpaces is null && delimiter != ' ' && values > 0 && padded * 2 > values)
        {
            // Most values carry spaces beside the delimiter ("39, State-gov"): read as written, every category and
            // missing marker would include the space, and a served request's "State-gov" would be unseen.
            var trimmed = Inspect(path, options with { Delimiter = delimiter, TrimSpaces = true });
            var note = $"Trimmed spaces around values: {Percent(padded, values)} of the values read have them (as in \"39, State-gov\"). --schema writes csv.trimSpaces: true.";
            return trimmed with { Notes = [note, .. trimmed.Notes] };
        }
        if (columns.Where(c => double.TryParse(c.Name, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).Select(c => c.Name).ToList() is { Count: > 0 } numeric)
            notes.Add($"The first line looks like data, not a header: column name(s) {string.Join(", ", numeric.Take(3).Select(n => $"'{n}'"))} are numbers. If the file has no header line, set csv.header: false and name the columns in the Dataset's schema, in file order.");
        stream.Position = 0;
        if (Utf8Check.FirstInvalidByte(stream, endOfSample) is { } bad)
            notes.Add($"The file is not valid UTF-8 (first invalid byte at offset {bad}): GitOpsMl reads CSV as UTF-8, so those bytes read as \uFFFD. Convert it first, e.g. iconv -f latin1 -t utf-8.");
        return new InspectionReport(path, DataFormat.Csv, delimiter, columns.Select(c => c.ToColumn()).ToList(), rows, truncated, truncated ? null : rows, notes) { TrimSpaces = trimSpaces };
    }

    internal static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: no such file", path, e);
        }
    }

    private static char? DelimiterHint(string name) => new[] { ';', '\t', '|' }.Cast<char?>().FirstOrDefault(c => name.Contains(c!.Value));

    private static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();

    private static string Percent(long part, long whole) => whole == 0 ? "100%" : $"{Math.Max(1, 100 * part / whole)}%";
}
