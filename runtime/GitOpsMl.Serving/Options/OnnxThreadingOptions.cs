namespace GitOpsMl.Serving.Options;

/// <summary>
/// ONNX Runtime threading. The server's parallelism comes from batching and from running several
/// batches at once, not from splitting one small MLP across cores: one intra-op thread per run,
/// no inter-op parallelism, no spinning (spinning threads steal the cores Kestrel needs), and
/// <see cref="ConcurrentRuns"/> batch workers per model version.
/// </summary>
public sealed record OnnxThreadingOptions
{
    /// <summary>Threads one Run() may use (ORT intra_op_num_threads). 1 suits small tabular models.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Batches of one model version that may run at the same time (batch workers).</summary>
    public int ConcurrentRuns { get; init; } = 1;

    /// <summary>Whether idle ORT worker threads spin before sleeping (only matters when IntraOpThreads &gt; 1).</summary>
    public bool AllowSpinning { get; init; }
}
