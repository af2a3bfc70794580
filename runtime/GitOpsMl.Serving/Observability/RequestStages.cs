using System.Collections.Concurrent;
using System.Diagnostics;
using Prometheus;

namespace GitOpsMl.Serving.Observability;

/// <summary>
/// Where an answered (200) request's server-side time went, one histogram series per stage, so an
/// overload can be read as "waited for the batch queue" or "waited for a CPU after its run" rather
/// than guessed. All stages together are the request duration histogram's span: from the endpoint
/// starting (Kestrel has already read and parsed the request by then) to the response flushed.
/// </summary>
public sealed class RequestStages(ServingMetrics metrics)
{
    /// <summary>Stage label values, in request order.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "read",     // endpoint start → enqueued: admission, body read, parse, route, bind
        "queue",    // enqueued → taken by a batch thread (or by the caller, running it alone)
        "batch",    // taken → its run starts: waiting for the batch to fill
        "run",      // the model run
        "complete", // run ended → this request resumed: completions of earlier requests of the batch, CPU wait
        "write",    // resumed → response written and flushed
    ];

    private readonly ConcurrentDictionary<string, Histogram.Child[]> _series = new(StringComparer.Ordinal);

    /// <summary>Records one answered request from its stopwatch timestamps, in stage order.</summary>
    public void Record(string model, long started, long enqueued, long taken, long runStarted, long runEnded, long resumed, long written)
    {
        if (!_series.TryGetValue(model, out var series))
        {
            series = _series.GetOrAdd(model, m => Names.Select(stage => metrics.Stages.WithLabels(m, stage)).ToArray());
        }
        ReadOnlySpan<long> marks = [started, enqueued, taken, runStarted, runEnded, resumed, written];
        for (var i = 0; i < series.Length; i++)
        {
            // A mark can precede the one before it by a tick (stamped on different threads); never observe a negative time.
            series[i].Observe(Math.Max(0, Stopwatch.GetElapsedTime(marks[i], marks[i + 1]).TotalSeconds));
        }
    }
}
