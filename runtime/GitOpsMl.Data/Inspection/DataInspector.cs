using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Inspection;

/// <summary>`gitopsml inspect`'s entry point: picks the format (given, else by extension, else by Parquet's magic bytes) and reads the file.</summary>
public static class DataInspector
{
    public static InspectionReport Inspect(string path, InspectionOptions options)
    {
        if (options.MaxRows < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxRows must be at least 1");
        var report = (options.Format ?? DetectFormat(path)) switch
        {
            DataFormat.Parquet => ParquetInspector.Inspect(path, options),
            _ => CsvInspector.Inspect(path, options),
        };
        return CodeColumnNote.Of(report.Columns) is { } note ? report with { Notes = [.. report.Notes, note] } : report;
    }

    public static DataFormat DetectFormat(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".parquet" or ".pq") return DataFormat.Parquet;
        if (extension is ".csv" or ".tsv" or ".txt") return DataFormat.Csv;
        using var stream = CsvInspector.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PAR1"u8) ? DataFormat.Parquet : DataFormat.Csv;
    }
}
