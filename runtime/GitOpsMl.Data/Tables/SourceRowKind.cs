namespace GitOpsMl.Data.Tables;

/// <summary>What <see cref="Table.SourceRow"/> counts, so messages say "line 7" for CSV and "row 7" for Parquet.</summary>
public enum SourceRowKind
{
    /// <summary>1-based line of the file where the record starts (the header is line 1; lines inside quoted fields count).</summary>
    Line,

    /// <summary>1-based position of the row in the file (row groups concatenated).</summary>
    Row,
}
