using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>Model outputs for a batch of rows, in the same layout the exported ONNX graph publishes.</summary>
/// <param name="Probabilities">Classifiers: row-major [Rows, Classes]; binary rows are [1 - p, p]. Null for regression.</param>
/// <param name="Values">Regression: de-standardized predictions [Rows]. Null for classifiers.</param>
public sealed record Prediction(PredictionTask Task, int Rows, int Classes, float[]? Probabilities, float[]? Values)
{
    /// <summary>Binary: the positive-class probability of each row (column 1).</summary>
    public float[] PositiveProbabilities()
    {
        if (Task != PredictionTask.Binary || Probabilities is null)
            throw new InvalidOperationException($"Positive-class probabilities exist only for binary predictions, not {Task}.");
        var p = new float[Rows];
        for (var i = 0; i < Rows; i++) p[i] = Probabilities[2 * i + 1];
        return p;
    }
}
