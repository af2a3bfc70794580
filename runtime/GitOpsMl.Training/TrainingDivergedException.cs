using GitOpsMl.Api.Failures;

namespace GitOpsMl.Training;

/// <summary>
/// The training loss became NaN or infinite. Thrown instead of returning a model, so no artifact can ever come
/// from a diverged run. A permanent failure for the same spec and data (retrying with the same seed diverges again):
/// lower the learning rate, or check the features for non-finite values.
/// </summary>
public sealed class TrainingDivergedException : GitOpsMlFailure
{
    public TrainingDivergedException(int epoch, int batch, double loss)
        : base(FailureKind.Diverged, "LossNotFinite", $"Training diverged: the loss was {loss} at epoch {epoch}, batch {batch}. " +
               "Lower the learning rate, or check the features for infinite or NaN values.")
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>1-based epoch in which the first non-finite loss occurred.</summary>
    public int Epoch { get; }

    /// <summary>1-based mini-batch within <see cref="Epoch"/>.</summary>
    public int Batch { get; }

    /// <summary>The non-finite loss value (NaN or ±∞).</summary>
    public double Loss { get; }
}
