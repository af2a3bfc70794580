using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Tests;

public class EarlyStoppingMonitorTests
{
    [Fact]
    public void Lower_is_better_for_rmse_and_improvements_must_exceed_min_delta()
    {
        var m = new EarlyStoppingMonitor("rmse", patience: 2, minDelta: 0.1);

        Assert.True(m.Observe(1, 1.0));
        Assert.False(m.Observe(2, 0.95)); // better, but not by more than 0.1
        Assert.False(m.ShouldStop);
        Assert.True(m.Observe(3, 0.8));
        Assert.False(m.Observe(4, 0.85));
        Assert.False(m.Observe(5, 0.79));
        Assert.True(m.ShouldStop);
        Assert.Equal(3, m.BestEpoch);
        Assert.Equal(0.8, m.BestValue);
    }

    [Fact]
    public void Higher_is_better_for_auc_and_nan_never_improves()
    {
        var m = new EarlyStoppingMonitor("auc", patience: 1, minDelta: 0);

        Assert.False(m.Observe(1, double.NaN));
        Assert.True(m.Observe(2, 0.7));
        Assert.True(m.Observe(3, 0.71));
        Assert.False(m.Observe(4, 0.71));
        Assert.True(m.ShouldStop);
    }

    [Fact]
    public void The_initial_weights_observed_as_epoch_0_can_stay_the_best()
    {
        var m = new EarlyStoppingMonitor("logLoss", patience: 2, minDelta: 0);
        Assert.False(m.HasBest);

        Assert.True(m.Observe(0, 1.0));
        Assert.False(m.Observe(1, 1.1));
        Assert.False(m.Observe(2, 1.05));

        Assert.True(m.HasBest);
        Assert.Equal(0, m.BestEpoch);
        Assert.True(m.ShouldStop);
    }

    [Fact]
    public void Patience_and_min_delta_default_from_the_crd()
    {
        var m = EarlyStoppingMonitor.From(new EarlyStoppingSpec { Metric = "logLoss" });

        Assert.Equal(5, m.Patience);
        Assert.Equal(0.0, m.MinDelta);
        Assert.False(m.HigherIsBetter);
    }
}
