using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// Entry point for reading a dataset: hashes the exact bytes, enforces the spec.sha256 pin before
/// parsing anything, then reads them with the format's reader.
/// </summary>
public static class DatasetReader
{
    public static RawDataset ReadFile(DatasetSpec spec, string path) => Read(spec, File.ReadAllBytes(path));

    public static RawDataset Read(DatasetSpec spec, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(bytes);
        var sha256 = ContentHash.OfBytes(bytes);
        if (spec.Sha256 is { } pinned && !string.Equals(pinned, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new DataRefusedException(DataRefusalReason.Sha256Mismatch,
                $"The data's sha256 is {sha256}, but spec.sha256 pins {pinned.ToLowerInvariant()}: the source changed since it was pinned.");
        }
        return (spec.Format ?? DataFormat.Csv) switch
        {
            DataFormat.Parquet => ParquetTableReader.Read(spec, bytes, sha256),
            _ => CsvTableReader.Read(spec, bytes, sha256),
        };
    }
}
