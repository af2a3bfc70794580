using GitOpsMl.Serving.Options;

namespace GitOpsMl.Serving.Tests;

public sealed class OptionsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("churn=/b/churn", "churn", "/b/churn")]
    [InlineData("/b/churn", null, "/b/churn")]
    [InlineData("churn = rel/dir", "churn", "rel/dir")]
    public void Bundle_flag_is_NAME_equals_DIR_or_just_DIR(string text, string? name, string path) =>
        Assert.Equal(new BundleSource(name, path), BundleSource.Parse(text));

    [Fact]
    public void Config_file_sets_everything_and_resolves_paths_against_its_folder()
    {
        var path = _temp.Sub("serve.json");
        File.WriteAllText(path, """
            {
              "bundles": [{"name": "churn", "path": "bundles/churn-v1"}, {"path": "/abs/b"}],
              "routingFile": "routing.json",
              "port": 9000,
              "batching": {"maxBatchSize": 64, "maxDelay": "5ms", "maxQueue": 100, "adaptive": false},
              "onnx": {"intraOpThreads": 2, "concurrentRuns": 3},
              "statistics": {"window": "30m", "buckets": 6},
              "requestTimeout": "2s",
              "maxRequestBodyBytes": 1000,
              "drainTimeout": "15s",
              "logFormat": "text"
            }
            """);
        var o = ServingOptionsFile.Load(path);
        Assert.Equal(new BundleSource("churn", Path.Combine(_temp.Path, "bundles/churn-v1")), o.Bundles[0]);
        Assert.Equal("/abs/b", o.Bundles[1].Path);
        Assert.Equal(Path.Combine(_temp.Path, "routing.json"), o.RoutingFile);
        Assert.Equal(9000, o.Port);
        Assert.Equal(new BatchingOptions { MaxBatchSize = 64, MaxDelay = TimeSpan.FromMilliseconds(5), MaxQueue = 100, Adaptive = false }, o.Batching);
        Assert.Equal(3, o.Onnx.ConcurrentRuns);
        Assert.Equal(TimeSpan.FromMinutes(30), o.Statistics.Window);
        Assert.Equal(TimeSpan.FromSeconds(2), o.RequestTimeout);
        Assert.Equal(1000, o.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(15), o.DrainTimeout);
        Assert.Empty(ServingOptionsValidator.Validate(o));
    }

    [Fact]
    public void Bad_values_are_reported_one_by_one()
    {
        var errors = ServingOptionsValidator.Validate(new ServingOptions
        {
            Port = 70000,
            Batching = new BatchingOptions { MaxBatchSize = 0, MaxQueue = 0 },
            LogFormat = "xml",
        });
        Assert.Equal(5, errors.Count);
        var path = _temp.Sub("bad.json");
        File.WriteAllText(path, "{\"batching\":{\"maxDelay\":\"soon\"}}");
        Assert.Contains("batching.maxDelay", Assert.Throws<FormatException>(() => ServingOptionsFile.Load(path)).Message);
    }
}
