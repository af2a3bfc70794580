using System.Text;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Inspection;

/// <summary>The human-readable `gitopsml inspect` table: one line per column, then the notes.</summary>
public static class InspectionTextWriter
{
    private const int MaxCell = 24;
    private const int MaxExamples = 60;

    public static string Write(InspectionReport report)
    {
        var text = new StringBuilder();
        var rows = report.Truncated
            ? $"{report.RowsRead} rows read of {(report.TotalRows is { } t ? t.ToString() : "more")}"
            : $"{report.RowsRead} rows";
        text.Append($"{report.Path}: {(report.Format == DataFormat.Parquet ? "parquet" : "csv")}, {rows}, {report.Columns.Count} columns\n\n");
        var names = report.Columns.Select(c => Printable(c.Name, 40)).ToList();
        var width = Math.Max("column".Length, names.Count == 0 ? 0 : names.Max(n => n.Length));
        text.Append($"{"column".PadRight(width)}  {"type",-9}  {"nulls",9}  {"distinct",9}  examples\n");
        for (var i = 0; i < report.Columns.Count; i++)
        {
            var c = report.Columns[i];
            var distinct = c.DistinctIsLowerBound ? $">{c.DistinctCount}" : c.DistinctCount.ToString();
            var examples = string.Join(", ", c.Examples.Select(e => Printable(e, MaxCell)));
            if (examples.Length > MaxExamples) examples = examples[..(MaxExamples - 3)] + "...";
            text.Append($"{names[i].PadRight(width)}  {DatasetManifestWriter.TypeName(c.Type),-9}  {c.NullCount,9}  {distinct,9}  {examples}\n");
        }
        foreach (var note in report.Notes) text.Append("\nnote: ").Append(note).Append('\n');
        return text.ToString();
    }

    /// <summary>Text safe for one terminal line: control characters escaped, long text cut; names with surrounding or inner spaces quoted so they can be told apart.</summary>
    public static string Printable(string text, int max)
    {
        var sb = new StringBuilder();
        foreach (var ch in text)
        {
            if (char.IsControl(ch)) sb.Append(ch switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)ch:x4}" });
            else sb.Append(ch);
        }
        var s = sb.ToString();
        if (s.Length > max) s = s[..(max - 3)] + "...";
        return s.Length == 0 || s != s.Trim() ? $"\"{s}\"" : s;
    }
}
