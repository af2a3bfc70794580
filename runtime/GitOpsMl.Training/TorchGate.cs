namespace GitOpsMl.Training;

/// <summary>
/// The torch state a run depends on is process-wide: the global generator (weight initialization, dropout masks)
/// and the intra-op thread count. Two runs interleaving in one process would draw from each other's generator and
/// neither would be reproducible, so everything that seeds or consumes that state takes this lock. Production runs
/// one training job per process; the lock is what keeps tests and embedded use honest.
/// </summary>
internal static class TorchGate
{
    public static readonly Lock Lock = new();
}
