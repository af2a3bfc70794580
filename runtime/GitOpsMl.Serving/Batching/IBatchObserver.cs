namespace GitOpsMl.Serving.Batching;

/// <summary>Hooks a batcher calls on its worker thread around each run.</summary>
public interface IBatchObserver
{
    /// <summary>Before the requests are released: must be quick (e.g. remember predictions for feedback).</summary>
    void BeforeComplete(IReadOnlyList<BatchItem> items, float[] output, int width);

    /// <summary>
    /// After the requests are released, off the response path: statistics, metrics. <paramref name="serviceTime"/>
    /// is the batch thread's time for the batch, its run and the completions of its requests together.
    /// </summary>
    void AfterComplete(IReadOnlyList<BatchItem> items, float[] output, int width, int rows, TimeSpan runTime, TimeSpan serviceTime);

    void RunFailed(IReadOnlyList<BatchItem> items, Exception error);
}
