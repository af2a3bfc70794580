using System.Globalization;
using System.Text.Json.Nodes;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>Prediction requests built from real rows of the churn data, optionally with tenure shifted far beyond training (0–72 months).</summary>
public sealed class ChurnRows(string csv)
{
    private static readonly string[] Features = ["tenure_months", "monthly_charges", "plan", "region", "contract", "support_calls"];
    private readonly IReadOnlyList<JsonObject> _rows = Load(csv);
    private int _next;

    public JsonObject Request(bool shifted)
    {
        var row = (JsonObject)_rows[(int)((uint)Interlocked.Increment(ref _next) % _rows.Count)].DeepClone();
        if (shifted) row["tenure_months"] = 400 + (row["tenure_months"]?.GetValue<double>() ?? 0);
        return new JsonObject { ["instances"] = new JsonArray(row) };
    }

    private static List<JsonObject> Load(string csv)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var result = new List<JsonObject>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            var row = new JsonObject();
            foreach (var feature in Features)
            {
                var text = cells[Array.IndexOf(header, feature)];
                row[feature] = text.Length == 0 ? null
                    : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(text);
            }
            result.Add(row);
        }
        return result;
    }
}
