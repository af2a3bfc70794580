using GitOpsMl.Serving.Batching;

namespace GitOpsMl.Serving.Tests;

public class BatchingPolicyTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(2);

    [Fact]
    public void A_full_batch_goes_at_once() =>
        Assert.Equal(BatchDispatchReason.Full, BatchingPolicy.Decide(32, 32, TimeSpan.Zero, Delay, adaptive: false, moreArriving: true).Reason);

    [Fact]
    public void A_batch_whose_first_request_waited_max_delay_goes() =>
        Assert.Equal(BatchDispatchReason.MaxDelay, BatchingPolicy.Decide(3, 32, Delay, Delay, adaptive: false, moreArriving: true).Reason);

    [Fact]
    public void Adaptive_mode_goes_when_nothing_else_is_on_its_way() =>
        Assert.Equal(BatchDispatchReason.NothingArriving, BatchingPolicy.Decide(1, 32, TimeSpan.Zero, Delay, adaptive: true, moreArriving: false).Reason);

    [Fact]
    public void Otherwise_it_waits_for_the_rest_of_max_delay()
    {
        var decision = BatchingPolicy.Decide(1, 32, TimeSpan.FromMilliseconds(0.5), Delay, adaptive: true, moreArriving: true);
        Assert.False(decision.Dispatch);
        Assert.Equal(TimeSpan.FromMilliseconds(1.5), decision.Wait);
        Assert.False(BatchingPolicy.Decide(1, 32, TimeSpan.Zero, Delay, adaptive: false, moreArriving: false).Dispatch);
    }

    [Theory]
    [InlineData(0, 100, 32, true)]   // an oversized request runs alone
    [InlineData(30, 2, 32, true)]
    [InlineData(31, 2, 32, false)]   // would overflow: starts the next batch
    public void Fits(int inBatch, int itemRows, int max, bool fits) => Assert.Equal(fits, BatchingPolicy.Fits(inBatch, itemRows, max));
}
