namespace GitOpsMl.Serving.Options;

/// <summary>Dynamic batching: how concurrent requests are merged into one ONNX Runtime run.</summary>
public sealed record BatchingOptions
{
    /// <summary>Most rows in one run. A single request with more rows runs alone.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>Longest time the first request of a batch waits for others to join it.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Most requests waiting per model version; beyond it requests get 429 with Retry-After.</summary>
    public int MaxQueue { get; init; } = 1024;

    /// <summary>
    /// Longest queue wait an admitted request should see: requests beyond target wait × measured
    /// throughput are shed with 429 before their body is read (see AdmissionBound), and while the
    /// model is overloaded a queued request that waited longer is shed instead of run (see QueueTimeout).
    /// null: only MaxQueue and the request timeout bound the queue. 2 ms: on a quiet 2-core machine 1 ms
    /// shed ~4% of requests at a normal 64 connections (a momentary dip in measured throughput) and gave
    /// no better overload latency; 2 ms shed 0.1% there (tests/benchmarks/serving/README.md).
    /// </summary>
    public TimeSpan? TargetQueueWait { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// true: stop waiting as soon as no other request for the model is on its way (being read or
    /// parsed), so a lone request is not delayed by MaxDelay. false: always wait up to MaxDelay
    /// or a full batch.
    /// </summary>
    public bool Adaptive { get; init; } = true;

    /// <summary>
    /// Model runs are padded to a multiple of this many rows so that every row takes the same SIMD
    /// code path in ONNX Runtime (see OrtModelRunner.Run): what makes batched answers equal unbatched
    /// ones bit for bit. 16 covers AVX-512 packets (and so AVX2's 8); 1 turns padding off.
    /// </summary>
    public int PadRowsTo { get; init; } = 16;
}
