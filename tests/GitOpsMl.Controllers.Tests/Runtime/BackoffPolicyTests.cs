using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Tests.Runtime;

public sealed class BackoffPolicyTests
{
    private static readonly BackoffPolicy Policy = new() { Base = TimeSpan.FromMilliseconds(100), Max = TimeSpan.FromSeconds(10), Jitter = 0.2 };

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(7, 6400)]
    [InlineData(8, 10000)]
    [InlineData(100, 10000)]
    public void The_delay_doubles_per_failure_up_to_the_maximum_without_jitter(int failures, double expectedMs) =>
        Assert.Equal(expectedMs, Policy.Delay(failures, 0).TotalMilliseconds, 6);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(50)]
    public void Jitter_adds_at_most_its_fraction(int failures)
    {
        var floor = Policy.Delay(failures, 0);
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var d = Policy.Delay(failures, random.NextDouble());
            Assert.InRange(d, floor, floor * 1.2);
        }
        Assert.Equal(floor * 1.2, Policy.Delay(failures, 1));
    }
}
