using GitOpsMl.Data.Drift;

namespace GitOpsMl.Data.Tests.Drift;

public class LiveWindowMergeTests
{
    private static LiveWindow Replica(long low, long high, long basic, long unseen, long positive) => new()
    {
        Samples = low + high,
        Features = new Dictionary<string, LiveFeatureCounts>
        {
            ["tenure"] = new() { Kind = "numeric", Count = low + high, BinEdges = [10.0], BinCounts = [low, high] },
            ["plan"] = new() { Kind = "categorical", Count = basic + unseen, Categories = new Dictionary<string, long> { ["basic"] = basic }, Unseen = unseen },
        },
        Predictions = new LivePredictionCounts { Count = low + high, Classes = new Dictionary<string, long> { ["yes"] = positive, ["no"] = low + high - positive } },
    };

    [Fact]
    public void Replicas_of_one_version_sum_bin_by_bin_and_category_by_category()
    {
        var merged = LiveWindowMerge.Merge([Replica(1, 2, 3, 0, 1), Replica(10, 20, 30, 5, 4)]);

        Assert.Equal(33, merged.Samples);
        Assert.Equal([11L, 22], merged.Features["tenure"].BinCounts!);
        Assert.Equal(33, merged.Features["tenure"].Count);
        Assert.Equal(33, merged.Features["plan"].Categories!["basic"]);
        Assert.Equal(5, merged.Features["plan"].Unseen);
        Assert.Equal(5, merged.Predictions!.Classes!["yes"]);
        Assert.Equal(28, merged.Predictions.Classes["no"]);
    }

    [Fact]
    public void A_feature_counted_on_different_edges_is_dropped_rather_than_summed_wrongly()
    {
        var odd = Replica(1, 2, 3, 0, 1);
        odd = odd with { Features = new Dictionary<string, LiveFeatureCounts>(odd.Features) { ["tenure"] = odd.Features["tenure"] with { BinEdges = [11.0] } } };

        var merged = LiveWindowMerge.Merge([Replica(1, 2, 3, 0, 1), odd, Replica(1, 2, 3, 0, 1)]);

        Assert.False(merged.Features.ContainsKey("tenure"));
        Assert.True(merged.Features.ContainsKey("plan"));
    }
}
