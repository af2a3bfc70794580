using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GitOpsMl.Serving.Tests.Support;

/// <summary>One churn input row (NaN / null = missing) and the request bodies that carry rows.</summary>
public sealed record ChurnRow(float Tenure, float Charges, float Calls, string? Plan, string? Region, string? Contract)
{
    public static ChurnRow Typical => new(12f, 55.5f, 2f, "plus", "west", "monthly");

    public static IReadOnlyList<ChurnRow> Random(int count, int seed)
    {
        var r = new Random(seed);
        string? Pick(string[] values) => r.Next(10) switch { 0 => null, 1 => "unseen-" + r.Next(3), _ => values[r.Next(values.Length)] };
        float Num(double scale) => r.Next(12) == 0 ? float.NaN : (float)Math.Round(r.NextDouble() * scale, 2);
        return Enumerable.Range(0, count)
            .Select(_ => new ChurnRow(Num(72), Num(120), Num(8), Pick(ChurnBundle.Plans), Pick(ChurnBundle.Regions), Pick(ChurnBundle.Contracts)))
            .ToArray();
    }

    public static string V2Body(IReadOnlyList<ChurnRow> rows, string? id = null)
    {
        var sb = new StringBuilder("{");
        if (id is not null) sb.Append("\"id\":").Append(JsonSerializer.Serialize(id)).Append(',');
        sb.Append("\"inputs\":[");
        void Numeric(string name, Func<ChurnRow, float> get, bool last = false)
        {
            sb.Append($"{{\"name\":\"{name}\",\"datatype\":\"FP32\",\"shape\":[{rows.Count},1],\"data\":[");
            sb.Append(string.Join(",", rows.Select(x => Format(get(x)))));
            sb.Append("]}").Append(last ? "" : ",");
        }
        void Text(string name, Func<ChurnRow, string?> get, bool last = false)
        {
            sb.Append($"{{\"name\":\"{name}\",\"datatype\":\"BYTES\",\"shape\":[{rows.Count},1],\"data\":[");
            sb.Append(string.Join(",", rows.Select(x => JsonSerializer.Serialize(get(x)))));
            sb.Append("]}").Append(last ? "" : ",");
        }
        Numeric("tenure_months", x => x.Tenure);
        Numeric("monthly_charges", x => x.Charges);
        Numeric("support_calls", x => x.Calls);
        Text("plan", x => x.Plan);
        Text("region", x => x.Region);
        Text("contract", x => x.Contract, last: true);
        return sb.Append("]}").ToString();
    }

    public static string V1Body(IReadOnlyList<ChurnRow> rows) =>
        "{\"instances\":[" + string.Join(",", rows.Select(x =>
            $"{{\"tenure_months\":{Format(x.Tenure)},\"monthly_charges\":{Format(x.Charges)},\"support_calls\":{Format(x.Calls)}," +
            $"\"plan\":{JsonSerializer.Serialize(x.Plan)},\"region\":{JsonSerializer.Serialize(x.Region)},\"contract\":{JsonSerializer.Serialize(x.Contract)}}}")) + "]}";

    private static string Format(float v) => float.IsNaN(v) ? "null" : v.ToString("R", CultureInfo.InvariantCulture);
}
