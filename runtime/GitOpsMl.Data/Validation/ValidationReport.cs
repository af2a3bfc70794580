using System.Globalization;
using System.Text;
using GitOpsMl.Data.Reading;
using GitOpsMl.Data.Tables;

namespace GitOpsMl.Data.Validation;

/// <summary>
/// The outcome of validating a dataset against its schema: counts for Dataset status, and per
/// (kind, column) the total and first examples, ordered by schema column then kind.
/// </summary>
public sealed record ValidationReport
{
    public required string Sha256 { get; init; }
    public long TotalRows { get; init; }
    public long ValidRows { get; init; }

    /// <summary>Rows with at least one row-level violation; they are dropped.</summary>
    public long InvalidRows { get; init; }

    public double InvalidFraction { get; init; }
    public double MaxInvalidFraction { get; init; }

    /// <summary>What example row numbers count: CSV lines or Parquet rows.</summary>
    public SourceRowKind RowKind { get; init; }
    public IReadOnlyList<ViolationSummary> Violations { get; init; } = [];

    /// <summary>Null when the data was accepted; otherwise why it was refused.</summary>
    public DataRefusalReason? Refusal { get; init; }

    public string? RefusalMessage { get; init; }

    public bool Accepted => Refusal is null;

    /// <summary>Total violations of <paramref name="kind"/>, in one column or (null) all of them.</summary>
    public long Count(ViolationKind kind, string? column = null) =>
        Violations.Where(v => v.Kind == kind && (column is null || v.Column == column)).Sum(v => v.Count);

    public ViolationSummary? Find(ViolationKind kind, string? column) =>
        Violations.FirstOrDefault(v => v.Kind == kind && v.Column == column);

    /// <summary>A readable multi-line summary for logs and condition messages (three examples per entry).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{TotalRows} rows, {InvalidRows} invalid ({InvalidFraction:P2}; tolerated {MaxInvalidFraction:P2}), sha256 {Sha256}");
        if (RefusalMessage is not null)
        {
            text.Append('\n').Append("refused: ").Append(RefusalMessage);
        }
        foreach (var v in Violations)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {v.Kind} in {(v.Column is null ? "records" : $"'{v.Column}'")}: {v.Count}");
            foreach (var e in v.Examples.Take(3))
            {
                text.Append(CultureInfo.InvariantCulture, $"\n    {(RowKind == SourceRowKind.Line ? "line" : "row")} {e.Row}: {e.Message}");
            }
        }
        return text.ToString();
    }
}
