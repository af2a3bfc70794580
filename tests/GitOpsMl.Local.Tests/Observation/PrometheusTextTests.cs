using GitOpsMl.Local.Observation;

namespace GitOpsMl.Local.Tests.Observation;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Samples_are_read_with_their_labels_and_escaped_values()
    {
        var samples = PrometheusTextParser.Parse("""
            # HELP gitopsml_requests_total Inference requests.
            # TYPE gitopsml_requests_total counter
            gitopsml_requests_total{model="churn",version="a1",endpoint="v1",code="200"} 42
            gitopsml_requests_total{model="churn",version="a\"b\\c",code="500"} 3
            gitopsml_inflight_requests{model="churn"} 2.5
            gitopsml_up 1 1700000000000

            """);
        Assert.Equal(4, samples.Count);
        Assert.Equal(42, samples[0].Value);
        Assert.Equal("a1", samples[0].Label("version"));
        Assert.Equal("a\"b\\c", samples[1].Label("version"));
        Assert.Equal(2.5, samples[2].Value);
        Assert.Equal("", samples[3].Label("model"));
    }

    [Theory]
    [InlineData("metric{model=\"x} 1")]
    [InlineData("metric{model=x} 1")]
    [InlineData("metric{model=\"x\"} one")]
    public void A_malformed_line_is_an_error_naming_its_line(string line)
    {
        var e = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse("# ok\n" + line));
        Assert.StartsWith("metrics line 2:", e.Message);
    }

    [Fact]
    public void Quantiles_interpolate_inside_the_bucket_the_rank_falls_in_as_promql_does()
    {
        // 100 requests: 50 under 5 ms, 40 more under 10 ms, 10 more under 25 ms.
        IReadOnlyList<(double, double)> buckets = [(0.005, 50), (0.01, 90), (0.025, 100), (double.PositiveInfinity, 100)];
        Assert.Equal(0.005, HistogramQuantile.Of(0.5, buckets)!.Value, 9);
        Assert.Equal(0.0235, HistogramQuantile.Of(0.99, buckets)!.Value, 9);
        Assert.Null(HistogramQuantile.Of(0.99, [(0.005, 0), (double.PositiveInfinity, 0)]));
        // A rank in +Inf answers the highest finite bound (PromQL's rule).
        Assert.Equal(0.01, HistogramQuantile.Of(0.99, [(0.01, 50), (double.PositiveInfinity, 100)]));
    }
}
