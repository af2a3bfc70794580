using static TorchSharp.torch;

namespace GitOpsMl.Training;

/// <summary>
/// The torch state a run depends on is process-wide: the global generator (weight initialization, dropout masks)
/// and the intra-op thread count. Two runs interleaving in one process would draw from each other's generator or
/// sum in each other's thread count and neither would be reproducible, so everything that seeds or consumes that
/// state does so inside a <see cref="Session"/>. Production runs one training job per process; the gate is what
/// keeps tests, the benchmark and embedded use honest.
/// </summary>
internal static class TorchGate
{
    private static readonly Lock Gate = new();

    /// <summary>
    /// Takes the gate (re-entrant: a session inside a session on one thread is fine), sets torch's intra-op thread
    /// count to <paramref name="threads"/> when given, and on dispose restores the count it found and releases.
    /// </summary>
    public static TorchSession Session(int? threads = null)
    {
        Gate.Enter();
        try
        {
            var previous = get_num_threads();
            if (threads is { } n && n != previous) set_num_threads(n);
            return new TorchSession(previous, threads is not null);
        }
        catch
        {
            Gate.Exit();
            throw;
        }
    }

    /// <summary>Holds the gate until disposed, on the thread that opened it.</summary>
    public sealed class TorchSession : IDisposable
    {
        private readonly int _previousThreads;
        private readonly bool _restore;
        private bool _disposed;

        internal TorchSession(int previousThreads, bool restore) => (_previousThreads, _restore) = (previousThreads, restore);

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                // Thread count is process-wide: leave it as found.
                if (_restore && get_num_threads() != _previousThreads) set_num_threads(_previousThreads);
            }
            finally
            {
                Gate.Exit();
            }
        }
    }
}
