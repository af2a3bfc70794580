using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>`kubectl get`'s table: NAME (and NAMESPACE with several), then the CRD's printer columns; -o wide adds priority 1 columns.</summary>
public static class ObjectTable
{
    public static void Write(TextWriter output, KindRegistry.KindInfo kind, IReadOnlyList<CustomResource> items, bool wide, DateTimeOffset now)
    {
        var columns = kind.Columns.Where(c => wide || c.Priority == 0).ToList();
        var showNamespace = items.Select(i => i.Metadata.Namespace).Distinct().Count() > 1;
        var header = new List<string>();
        if (showNamespace) header.Add("NAMESPACE");
        header.Add("NAME");
        header.AddRange(columns.Select(c => c.Name.ToUpperInvariant()));
        var rows = new List<List<string>> { header };
        foreach (var item in items)
        {
            var json = JsonSerializer.SerializeToNode(item, item.GetType(), ApiJson.Options);
            var row = new List<string>();
            if (showNamespace) row.Add(item.Metadata.Namespace ?? ObjectKey.DefaultNamespace);
            row.Add(item.Metadata.Name);
            row.AddRange(columns.Select(c => Cell(PrinterColumnPath.Evaluate(json, c.JsonPath), c.Type, now)));
            rows.Add(row);
        }
        var widths = Enumerable.Range(0, header.Count).Select(i => rows.Max(r => r[i].Length)).ToList();
        foreach (var row in rows)
            output.WriteLine(string.Join("   ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }

    public static string Cell(JsonNode? value, string type, DateTimeOffset now)
    {
        if (value is null) return "<none>";
        if (type == "date" && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return Age(now - t);
        return value switch
        {
            JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("0.####", CultureInfo.InvariantCulture),
            JsonArray a => string.Join(",", a.Select(x => x?.ToString())),
            _ => value.ToString(),
        };
    }

    /// <summary>kubectl's age: 45s, 12m, 3h5m, 2d4h.</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 24 ? $"{(int)age.TotalHours}h{age.Minutes}m"
            : $"{(int)age.TotalDays}d{age.Hours}h";
    }
}
