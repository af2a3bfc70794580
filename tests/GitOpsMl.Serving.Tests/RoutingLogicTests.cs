using GitOpsMl.Serving.Routing;

namespace GitOpsMl.Serving.Tests;

public class RoutingLogicTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(95)]
    public void Request_id_buckets_split_traffic_in_proportion_to_the_weight(double weight)
    {
        const int n = 20_000;
        var canary = Enumerable.Range(0, n).Count(i => CanarySelector.ToCanary($"req-{i}", weight, new Random(0)));
        var p = weight / 100;
        var sd = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(canary, n * p - 4 * sd, n * p + 4 * sd);
    }

    [Fact]
    public void The_choice_is_a_pure_function_of_the_id_and_weights_nest()
    {
        for (var i = 0; i < 1000; i++)
        {
            var id = Guid.NewGuid().ToString();
            Assert.Equal(CanarySelector.ToCanary(id, 30, new Random(1)), CanarySelector.ToCanary(id, 30, new Random(2)));
            // Raising the weight only moves ids onto the canary, never off it.
            if (CanarySelector.ToCanary(id, 10, Random.Shared)) Assert.True(CanarySelector.ToCanary(id, 50, Random.Shared));
        }
    }

    [Fact]
    public void Weights_0_and_100_are_absolute()
    {
        Assert.False(CanarySelector.ToCanary("x", 0, Random.Shared));
        Assert.True(CanarySelector.ToCanary("x", 100, Random.Shared));
        Assert.InRange(Enumerable.Range(0, 10_000).Count(_ => CanarySelector.ToCanary(null, 20, Random.Shared)), 1800, 2200);
    }

    [Fact]
    public void Routing_file_parses_rules_and_resolves_bundle_folders()
    {
        var table = RoutingFileParser.Parse("{\"churn\":{\"stable\":\"v1\",\"canary\":\"v2\",\"canaryWeight\":12.5,\"shadow\":false,\"bundles\":[\"b/v2\",\"/abs/v3\"]}}"u8, "/etc/routing");
        var rule = table.For("churn")!;
        Assert.Equal("v1", rule.Stable);
        Assert.Equal("v2", rule.Canary);
        Assert.Equal(12.5, rule.CanaryWeight);
        Assert.Equal(["/etc/routing/b/v2", "/abs/v3"], rule.Bundles);
        Assert.Null(table.For("other"));
    }

    [Theory]
    [InlineData("{\"churn\":{\"canaryWeight\":101,\"canary\":\"v2\"}}", "outside 0-100")]
    [InlineData("{\"churn\":{\"canaryWeight\":10}}", "needs a canary")]
    [InlineData("{\"churn\":{\"shadow\":true}}", "needs a canary")]
    [InlineData("{\"churn\":{\"stable\":3}}", "not valid JSON")]
    [InlineData("[1]", "not valid JSON")]
    [InlineData("{", "not valid JSON")]
    public void Bad_routing_files_are_refused_with_a_reason(string json, string mention) =>
        Assert.Contains(mention, Assert.Throws<FormatException>(() => RoutingFileParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), "/")).Message);
}
