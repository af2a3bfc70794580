using GitOpsMl.Controllers.Observation;

namespace GitOpsMl.Controllers.Tests.Observation;

/// <summary>The weight in force is what every replica routes: one that has not reloaded its routing yet holds it back.</summary>
public sealed class RoutedWeightTests
{
    private static ServingTraffic Routing(params (string Replica, double Canary)[] replicas) => ServingTraffic.None with
    {
        RoutingByReplica = replicas.ToDictionary(r => r.Replica, r => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["b1"] = 100 - r.Canary, ["c2"] = r.Canary }),
    };

    [Fact]
    public void All_replicas_agreeing_give_their_weight()
    {
        Assert.Equal(75, Routing(("r0", 75), ("r1", 75)).RoutedWeight("c2"));
    }

    [Fact]
    public void A_replica_still_on_the_old_routing_holds_the_weight_at_its_own()
    {
        Assert.Equal(25, Routing(("r0", 75), ("r1", 25)).RoutedWeight("c2"));
    }

    [Fact]
    public void A_version_a_replica_does_not_route_counts_as_zero_there_and_no_report_is_unknown()
    {
        var traffic = Routing(("r0", 75)) with
        {
            RoutingByReplica = new Dictionary<string, IReadOnlyDictionary<string, double>>
            {
                ["r0"] = new Dictionary<string, double> { ["c2"] = 75 },
                ["r1"] = new Dictionary<string, double> { ["b1"] = 100 },
            },
        };

        Assert.Equal(0, traffic.RoutedWeight("c2"));
        Assert.Null(ServingTraffic.None.RoutedWeight("c2"));
    }
}
