using System.Net;
using GitOpsMl.Api.Bundles;

namespace GitOpsMl.Serving.Tests;

// A bundle written before the bool kind existed says numeric for a bool column: it keeps today's contract.
public sealed class NumericKindBoolColumnTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TestServing _server = null!;

    public async Task InitializeAsync()
    {
        SmallBundles.Housing(_temp.Sub("bank"), housingKind: BundleInput.Numeric);
        _server = await TestServing.StartAsync(TestServing.Options(_temp.Sub("bank")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task It_advertises_FP32_takes_numbers_and_refuses_text_as_before()
    {
        var (_, metadata) = await _server.GetAsync("/v2/models/bank");
        Assert.Equal("FP32", metadata.GetProperty("inputs")[0].GetProperty("datatype").GetString());

        var (ok, json) = await _server.PostAsync("/v1/models/bank:predict", "{\"instances\":[{\"housing\":1,\"x\":1}]}");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(11, json.GetProperty("predictions")[0].GetDouble());

        var (refused, error) = await _server.PostAsync("/v1/models/bank:predict", "{\"instances\":[{\"housing\":\"yes\",\"x\":1}]}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("is a string", error.GetProperty("error").GetString());
    }
}
