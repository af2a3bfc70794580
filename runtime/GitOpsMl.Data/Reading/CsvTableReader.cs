using CsvHelper;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// Reads RFC 4180 CSV into a <see cref="Table"/> per the Dataset schema: quoted fields may hold
/// separators, doubled quotes and line breaks; header names are matched exactly (spaces and
/// punctuation included). A cell is missing when it is empty or equals one of the null values
/// (exact, case-sensitive): the defaults NA and NaN plus any csv.nullValues. Each row remembers the line where its record starts.
/// </summary>
public static class CsvTableReader
{
    /// <summary>Null values always in force; <see cref="CsvOptions.NullValues"/> adds to them.</summary>
    public static IReadOnlyList<string> DefaultNullValues { get; } = ["NA", "NaN"];

    public static RawDataset Read(DatasetSpec spec, byte[] bytes, string sha256)
    {
        var (table, errors) = ReadTable(spec.Schema, spec.Csv, bytes);
        return new RawDataset(table, errors, sha256, bytes.LongLength, DataFormat.Csv);
    }

    public static (Table Table, IReadOnlyList<ReadError> Errors) ReadTable(IReadOnlyList<ColumnSpec> schema, CsvOptions? csv, byte[] bytes) =>
        // Lines bound the records (a quoted field may span lines), so buffers sized by them never regrow.
        ReadTable(schema, csv, options => CsvReader.Create(bytes, options), int.MaxValue, expectedRows: bytes.AsSpan().Count((byte)'\n') + 1);

    /// <summary>The first <paramref name="maxRows"/> records only, streamed: what `validate` samples, in bounded time and memory.</summary>
    public static (Table Table, IReadOnlyList<ReadError> Errors) ReadSample(IReadOnlyList<ColumnSpec> schema, CsvOptions? csv, Stream stream, int maxRows) =>
        ReadTable(schema, csv, options => CsvReader.Create(stream, options, leaveOpen: true), maxRows, expectedRows: 0);

    private static (Table Table, IReadOnlyList<ReadError> Errors) ReadTable(
        IReadOnlyList<ColumnSpec> schema, CsvOptions? csv, Func<CsvReaderOptions, CsvReader> open, int maxRows, int expectedRows)
    {
        var hasHeader = csv?.Header ?? true;
        var trimSpaces = csv?.TrimSpaces ?? false;
        var nullValues = new HashSet<string>(DefaultNullValues.Concat(csv?.NullValues ?? []), StringComparer.Ordinal);
        // Quoting the reader recovered from. A stray quote inside an unquoted field (5" screen) is
        // kept as text, as RFC 4180 readers commonly do; other damage makes the row malformed.
        var damagedLines = new Dictionary<long, CsvMalformedReason>();
        var options = Options(csv) with
        {
            OnMalformedRecord = r =>
            {
                if (r.Reason != CsvMalformedReason.StrayQuote)
                {
                    damagedLines[r.LineNumber] = r.Reason;
                }
            },
        };
        try
        {
            using var reader = open(options);
            string[] fileColumns;
            if (hasHeader)
            {
                fileColumns = reader.Headers.Select(h => trimSpaces ? h.Trim(' ') : h).ToArray();
                if (fileColumns.Length == 0)
                {
                    throw new DataRefusedException(DataRefusalReason.Unreadable, "The CSV file is empty: it has no header line.");
                }
            }
            else
            {
                fileColumns = schema.Select(c => c.Name).ToArray();
            }
            var columns = ColumnMatcher.Match(fileColumns, schema, "the CSV header");
            var builder = new TableBuilder(columns, SourceRowKind.Line, expectedRows);
            while (builder.RowCount < maxRows && reader.Read())
            {
                var line = reader.LineNumber;
                var row = builder.AddRow(line);
                if (reader.FieldCount != columns.Length)
                {
                    builder.MarkMalformed(row, $"line {line} has {reader.FieldCount} fields, expected {columns.Length}", Raw(reader));
                    continue;
                }
                if (damagedLines.TryGetValue(line, out var reason))
                {
                    builder.MarkMalformed(row, $"line {line} has broken quoting ({reason})", Raw(reader));
                }
                for (var c = 0; c < columns.Length; c++)
                {
                    var text = reader.GetString(c);
                    if (trimSpaces)
                    {
                        text = text.Trim(' ');
                    }
                    if (text.Length > 0 && !nullValues.Contains(text))
                    {
                        builder.SetText(row, c, text);
                    }
                }
            }
            return builder.Build();
        }
        catch (CsvFormatException e)
        {
            throw new DataRefusedException(DataRefusalReason.Unreadable, $"The CSV file cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// How many records the file holds after its header: the rows a run's table gets, malformed ones included (they
    /// are its invalid rows). Streamed through the same reader and options as <see cref="ReadTable(IReadOnlyList{ColumnSpec}, CsvOptions?, byte[])"/>,
    /// so a quoted field spanning lines is one record, not several.
    /// </summary>
    public static long CountRecords(CsvOptions? csv, Stream stream)
    {
        try
        {
            using var reader = CsvReader.Create(stream, Options(csv), leaveOpen: true);
            long records = 0;
            while (reader.Read())
            {
                records++;
            }
            return records;
        }
        catch (CsvFormatException e)
        {
            throw new DataRefusedException(DataRefusalReason.Unreadable, $"The CSV file cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The reader's options for a Dataset's csv settings, shared by reading and counting so both see the same records.</summary>
    private static CsvReaderOptions Options(CsvOptions? csv) => CsvReaderOptions.Default with
    {
        Separator = csv?.Delimiter is { Length: 1 } d ? d[0] : ',',
        HasHeader = csv?.Header ?? true,
        Mode = CsvMode.Rfc4180,
        TrackLineNumbers = true,
        // The spec's delimiter is authoritative: no guessing from content or "sep=" lines.
        DetectSeparatorHint = false,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Recover,
    };

    private static string Raw(CsvReader reader)
    {
        var raw = System.Text.Encoding.UTF8.GetString(reader.RawRecord);
        return raw.Length <= 200 ? raw : raw[..197] + "...";
    }
}
