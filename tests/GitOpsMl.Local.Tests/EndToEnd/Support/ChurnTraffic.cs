using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GitOpsMl.Local.Tests.EndToEnd.Support;

/// <summary>
/// Requests built from real rows of the churn data (so every feature but a shifted one keeps its
/// training distribution), sent one per request through the Deployment's front port; answers are
/// counted by the x-model-version header the server sets.
/// </summary>
public sealed class ChurnTraffic(EndToEndWorkspace workspace) : IDisposable
{
    private static readonly string[] Features = ["tenure_months", "monthly_charges", "plan", "region", "contract", "support_calls"];
    private readonly HttpClient _http = new() { BaseAddress = workspace.Front, Timeout = TimeSpan.FromSeconds(10) };
    private readonly IReadOnlyList<JsonObject> _rows = Load(workspace.DataFile);
    private int _next;

    /// <summary>Sends <paramref name="count"/> requests; returns answers per model version. A non-200 fails the test.</summary>
    public async Task<Dictionary<string, int>> SendAsync(int count, Func<JsonObject, JsonObject>? shift = null)
    {
        var versions = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var row = (JsonObject)_rows[_next++ % _rows.Count].DeepClone();
            if (shift is not null) row = shift(row);
            using var response = await _http.PostAsJsonAsync("v1/models/churn:predict", new JsonObject { ["instances"] = new JsonArray(row) });
            Assert.True(response.IsSuccessStatusCode, $"predict answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var version = response.Headers.GetValues("x-model-version").Single();
            versions[version] = versions.GetValueOrDefault(version) + 1;
        }
        return versions;
    }

    /// <summary>Every tenure far beyond what the model was trained on (training: 0–72 months).</summary>
    public static JsonObject LongTenure(JsonObject row)
    {
        row["tenure_months"] = 400 + (row["tenure_months"]?.GetValue<double>() ?? 0);
        return row;
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

    public void Dispose() => _http.Dispose();
}
