using GitOpsMl.Api.Schema;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>
/// Tracks a validation metric across epochs: which epoch was best, and when patience has run out. Pure, so the
/// rule (improve by more than minDelta in the metric's direction) is testable without training anything.
/// </summary>
public sealed class EarlyStoppingMonitor
{
    public EarlyStoppingMonitor(string metric, int patience, double minDelta)
    {
        ArgumentException.ThrowIfNullOrEmpty(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        if (!(minDelta >= 0)) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be >= 0.");
        Metric = metric;
        Patience = patience;
        MinDelta = minDelta;
        HigherIsBetter = TaskMetrics.HigherIsBetter(metric);
    }

    /// <summary>Fills patience and minDelta from the CRD defaults.</summary>
    public static EarlyStoppingMonitor From(EarlyStoppingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var t = typeof(EarlyStoppingSpec);
        return new EarlyStoppingMonitor(
            spec.Metric,
            spec.Patience ?? SpecDefaults.Of<int>(t, nameof(EarlyStoppingSpec.Patience)),
            spec.MinDelta ?? SpecDefaults.Of<double>(t, nameof(EarlyStoppingSpec.MinDelta)));
    }

    public string Metric { get; }

    public int Patience { get; }

    public double MinDelta { get; }

    public bool HigherIsBetter { get; }

    /// <summary>
    /// Best epoch so far (1-based; 0 before any finite value was seen, or when the initial weights, observed as
    /// epoch 0, are still the best — <see cref="HasBest"/> tells the two apart).
    /// </summary>
    public int BestEpoch { get; private set; }

    /// <summary>True once a finite value has been observed.</summary>
    public bool HasBest { get; private set; }

    public double BestValue { get; private set; } = double.NaN;

    private int _lastEpoch;

    /// <summary>
    /// Records the value of <paramref name="epoch"/>; true when it is the new best. The first finite value is
    /// always best; later ones must beat the best by more than minDelta. NaN (e.g. AUC of a one-class validation
    /// set) never improves. Epoch 0 stands for the weights before any training.
    /// </summary>
    public bool Observe(int epoch, double value)
    {
        _lastEpoch = epoch;
        if (!double.IsFinite(value)) return false;
        var improved = !HasBest ||
                       (HigherIsBetter ? value > BestValue + MinDelta : value < BestValue - MinDelta);
        if (!improved) return false;
        BestEpoch = epoch;
        BestValue = value;
        HasBest = true;
        return true;
    }

    /// <summary>True once <see cref="Patience"/> epochs in a row have not improved on the best.</summary>
    public bool ShouldStop => _lastEpoch - BestEpoch >= Patience;
}
