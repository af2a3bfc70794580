using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.Controllers.Tests.Planning;

public class ServingHealthTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, DateTimeOffset?, bool, int, int, TimeSpan, DateTimeOffset?, bool> Cases => new()
    {
        // situation, notReadySince, served ready before, ready, needed, now - T0, → notReadySince, degraded
        { "ready", null, true, 2, 2, TimeSpan.Zero, null, false },
        { "more ready than needed", T0, true, 3, 2, TimeSpan.FromMinutes(5), null, false },
        { "starting for the first time is not degraded", null, false, 0, 1, TimeSpan.FromMinutes(5), null, false },
        { "a replica just crashed after serving", null, true, 1, 2, TimeSpan.Zero, T0, false },
        { "not ready, within the bound", T0, true, 0, 1, TimeSpan.FromSeconds(59), T0, false },
        { "not ready past the bound", T0, true, 0, 1, TimeSpan.FromSeconds(60), T0, true },
        { "still degraded after status says nothing was ready", T0, false, 0, 1, TimeSpan.FromMinutes(3), T0, true },
        { "recovered", T0, false, 1, 1, TimeSpan.FromMinutes(3), null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_deployment_that_served_is_degraded_when_replicas_stay_not_ready_past_the_bound(string situation, DateTimeOffset? since, bool served,
        int ready, int needed, TimeSpan at, DateTimeOffset? nextSince, bool degraded)
    {
        Assert.True((nextSince, degraded) == ServingHealth.Judge(since, served, ready, needed, T0 + at), situation);
    }
}
