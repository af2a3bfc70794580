using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;
using GitOpsMl.Cli.Tests.Train;
using GitOpsMl.Data.Tables;
using GitOpsMl.Serving;
using GitOpsMl.Serving.Options;
using GitOpsMl.Training.Export;
using Microsoft.AspNetCore.Builder;

namespace GitOpsMl.Cli.Tests.Serve;

/// <summary>
/// The whole path: `gitopsml train` writes a bundle, the server loads it (sha256 verified) and its
/// answers over HTTP equal ONNX Runtime's on the same raw rows, for both examples.
/// </summary>
[Collection(TrainingCollection.Name)]
public class TrainedBundleServingTests
{
    [Fact]
    public async Task The_churn_bundle_answers_v1_predict_with_the_probabilities_of_its_own_graph()
    {
        using var temp = new TempRepository(marker: false);
        var bundle = TrainExample("churn", "churn", temp.PathOf("churn"));
        await using var app = await Start(bundle);
        using var client = new HttpClient { BaseAddress = new Uri(ServingHost.Addresses(app).First()) };

        var rows = new[]
        {
            new { tenure_months = (double?)12.5, monthly_charges = 45.0, support_calls = 3.0, plan = "basic", region = "west", contract = "monthly" },
            new { tenure_months = (double?)null, monthly_charges = 80.0, support_calls = 0.0, plan = "pro", region = "north", contract = "annual" },
            new { tenure_months = (double?)9000, monthly_charges = 5.0, support_calls = 99.0, plan = "platinum", region = "east", contract = "monthly" },
        };
        var body = JsonSerializer.Serialize(new { instances = rows });
        var response = await client.PostAsync("/v1/models/churn:predict", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        var served = json.RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => (float)p.GetProperty("probabilities").GetProperty("true").GetDouble()).ToArray();

        var table = Table.Of(
            new NumericColumn("tenure_months", 12.5, double.NaN, 9000),
            new NumericColumn("monthly_charges", 45.0, 80.0, 5.0),
            new NumericColumn("support_calls", 3.0, 0.0, 99.0),
            new StringColumn("plan", "basic", "pro", "platinum"),
            new StringColumn("region", "west", "north", "east"),
            new StringColumn("contract", "monthly", "annual", "monthly"));
        using var runner = new OnnxTableRunner(File.ReadAllBytes(Path.Combine(bundle, "model.onnx")));
        var (expected, width) = runner.Run(table);

        Assert.Equal(2, width);
        for (var i = 0; i < rows.Length; i++)
            Assert.Equal(expected[i * 2 + 1], served[i], 5);
        Assert.Equal(JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "manifest.json"))).RootElement.GetProperty("version").GetString(),
            response.Headers.GetValues("x-model-version").Single());
    }

    [Fact]
    public async Task The_demand_bundle_answers_v2_infer_with_a_prediction_per_row()
    {
        using var temp = new TempRepository(marker: false);
        var bundle = TrainExample("demand-forecast", "demand", temp.PathOf("demand"));
        await using var app = await Start(bundle);
        using var client = new HttpClient { BaseAddress = new Uri(ServingHost.Addresses(app).First()) };

        var metadata = JsonDocument.Parse(await client.GetStringAsync("/v2/models/demand")).RootElement;
        var inputs = metadata.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
        Assert.Equal(["category", "month_of_year", "price", "promo", "demand_lag_3", "demand_lag_15", "demand_ma_3"], inputs);

        var request = new
        {
            inputs = new object[]
            {
                new { name = "category", datatype = "BYTES", shape = new[] { 2, 1 }, data = new[] { "garden", "electronics" } },
                new { name = "month_of_year", datatype = "FP32", shape = new[] { 2, 1 }, data = new[] { 6f, 12f } },
                new { name = "price", datatype = "FP32", shape = new[] { 2, 1 }, data = new[] { 25f, 199f } },
                new { name = "promo", datatype = "FP32", shape = new[] { 2, 1 }, data = new[] { 1f, 0f } },
                new { name = "demand_lag_3", datatype = "FP32", shape = new[] { 2, 1 }, data = new[] { 210f, 95f } },
                new { name = "demand_lag_15", datatype = "FP32", shape = new[] { 2, 1 }, data = new[] { 180f, 90f } },
                new { name = "demand_ma_3", datatype = "FP32", shape = new[] { 2, 1 }, data = new[] { 200f, 97f } },
            },
        };
        var response = await client.PostAsync("/v2/models/demand/infer",
            new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var output = JsonDocument.Parse(text).RootElement.GetProperty("outputs")[0];
        Assert.Equal("predictions", output.GetProperty("name").GetString());
        var values = output.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(2, values.Length);
        Assert.All(values, v => Assert.True(double.IsFinite(v) && v > 0, v.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_bool_column_spelled_yes_and_no_in_the_csv_is_served_from_yes_and_no_true_and_false_and_1_and_0_alike()
    {
        // The demand example with its promo column spelled as a bank-marketing CSV spells it.
        using var temp = new TempRepository(marker: false);
        var repository = temp.PathOf("repo");
        CopyFolder(TestPaths.Combine("examples", "demand-forecast"), repository);
        var csv = Path.Combine(repository, "data", "demand.csv");
        File.WriteAllText(csv, File.ReadAllText(csv).Replace(",true,", ",yes,").Replace(",false,", ",no,"));
        Assert.Contains(",yes,", File.ReadAllText(csv));
        var bundle = Train(repository, "demand", temp.PathOf("demand"));
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "manifest.json"))).RootElement;
        Assert.Equal("bool", manifest.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "promo").GetProperty("kind").GetString());
        await using var app = await Start(bundle);
        using var client = new HttpClient { BaseAddress = new Uri(ServingHost.Addresses(app).First()) };

        var metadata = JsonDocument.Parse(await client.GetStringAsync("/v2/models/demand")).RootElement;
        Assert.Equal("BOOL", metadata.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "promo").GetProperty("datatype").GetString());

        async Task<double[]> V2(string datatype, object[] promo)
        {
            var request = new
            {
                inputs = new object[]
                {
                    new { name = "category", datatype = "BYTES", shape = new[] { 2, 1 }, data = new object[] { "garden", "electronics" } },
                    new { name = "month_of_year", datatype = "FP32", shape = new[] { 2, 1 }, data = new object[] { 6f, 12f } },
                    new { name = "price", datatype = "FP32", shape = new[] { 2, 1 }, data = new object[] { 25f, 199f } },
                    new { name = "promo", datatype, shape = new[] { 2, 1 }, data = promo },
                    new { name = "demand_lag_3", datatype = "FP32", shape = new[] { 2, 1 }, data = new object[] { 210f, 95f } },
                    new { name = "demand_lag_15", datatype = "FP32", shape = new[] { 2, 1 }, data = new object[] { 180f, 90f } },
                    new { name = "demand_ma_3", datatype = "FP32", shape = new[] { 2, 1 }, data = new object[] { 200f, 97f } },
                },
            };
            var response = await client.PostAsync("/v2/models/demand/infer", new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            return JsonDocument.Parse(text).RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        }

        var table = Table.Of(
            new StringColumn("category", "garden", "electronics"),
            new NumericColumn("month_of_year", 6, 12),
            new NumericColumn("price", 25, 199),
            new NumericColumn("promo", 1, 0),
            new NumericColumn("demand_lag_3", 210, 95),
            new NumericColumn("demand_lag_15", 180, 90),
            new NumericColumn("demand_ma_3", 200, 97));
        using var runner = new OnnxTableRunner(File.ReadAllBytes(Path.Combine(bundle, "model.onnx")));
        var graph = runner.Run(table).Values;

        var yesNo = await V2("BYTES", ["yes", "no"]);
        // Within float rounding: the server may run the rows in a padded batch.
        for (var i = 0; i < graph.Length; i++)
            Assert.Equal(graph[i], yesNo[i], 1e-5 * Math.Max(1, Math.Abs(graph[i])));
        Assert.Equal(yesNo, await V2("BYTES", ["TRUE", "False"]));
        Assert.Equal(yesNo, await V2("BOOL", [true, false]));
        Assert.Equal(yesNo, await V2("FP32", [1, 0]));
        var v1 = "{\"instances\":[{\"category\":\"garden\",\"month_of_year\":6,\"price\":25,\"promo\":\"yes\",\"demand_lag_3\":210,\"demand_lag_15\":180,\"demand_ma_3\":200}]}";
        var v1Response = await client.PostAsync("/v1/models/demand:predict", new StringContent(v1, Encoding.UTF8, "application/json"));
        var v1Text = await v1Response.Content.ReadAsStringAsync();
        Assert.True(v1Response.StatusCode == HttpStatusCode.OK, v1Text);
        Assert.Equal(yesNo[0], JsonDocument.Parse(v1Text).RootElement.GetProperty("predictions")[0].GetDouble());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string TrainExample(string example, string job, string output) => Train(TestPaths.Combine("examples", example), job, output);

    private static string Train(string repository, string job, string output)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(new TrainCommand.Arguments(repository, job, output, Device: "cpu"), stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        return output;
    }

    private static async Task<WebApplication> Start(string bundle)
    {
        var app = ServingHost.Build(ServingHost.CreateBuilder(new ServingOptions
        {
            Bundles = [new BundleSource(null, bundle)],
            Host = "127.0.0.1",
            Port = 0,
        }));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(ServingHost.Addresses(app).First()) };
        for (var i = 0; i < 100 && (await client.GetAsync("/v2/health/ready")).StatusCode != HttpStatusCode.OK; i++) await Task.Delay(50);
        return app;
    }
}
