namespace GitOpsMl.Serving.Batching;

/// <summary>
/// The dynamic batching rules, free of clocks and threads:
/// a batch is dispatched when it is full, when its first request has waited MaxDelay, or
/// (adaptive mode) as soon as no further request for the model is on its way — waiting then
/// would only add latency. A request that does not fit a non-empty batch starts the next one;
/// a request larger than MaxBatchSize runs alone.
/// </summary>
public static class BatchingPolicy
{
    public static BatchDecision Decide(int rows, int maxBatchSize, TimeSpan waited, TimeSpan maxDelay, bool adaptive, bool moreArriving)
    {
        if (rows >= maxBatchSize) return BatchDecision.Now(BatchDispatchReason.Full);
        if (waited >= maxDelay) return BatchDecision.Now(BatchDispatchReason.MaxDelay);
        if (adaptive && !moreArriving) return BatchDecision.Now(BatchDispatchReason.NothingArriving);
        return BatchDecision.WaitFor(maxDelay - waited);
    }

    /// <summary>Whether a request of <paramref name="itemRows"/> rows joins a batch that already holds <paramref name="rowsInBatch"/>.</summary>
    public static bool Fits(int rowsInBatch, int itemRows, int maxBatchSize) =>
        rowsInBatch == 0 || rowsInBatch + itemRows <= maxBatchSize;
}
