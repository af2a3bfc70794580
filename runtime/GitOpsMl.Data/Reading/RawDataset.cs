using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Reading;

/// <summary>
/// What a reader produced, before validation: every row of the file (cells that did not parse
/// are missing in <see cref="Table"/> and listed in <see cref="ReadErrors"/>) and the digest of
/// the exact bytes that were parsed.
/// </summary>
public sealed record RawDataset(Table Table, IReadOnlyList<ReadError> ReadErrors, string Sha256, long ByteCount, DataFormat Format);
