using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;

namespace GitOpsMl.Training;

/// <summary>
/// Already-transformed numeric features and their targets: the trainer's whole view of a data split.
/// Features are <see cref="EncodedFeatures"/>: dense float32 columns plus one-hot blocks kept as column indices,
/// expanded to row-major [batch, Width] one mini-batch at a time, so memory does not grow with the encoded width.
/// Built only through <see cref="Binary"/>, <see cref="Multiclass"/> and <see cref="Regression"/>, which
/// check shapes and label ranges once, so the trainer and metrics can rely on them. Properties are get-only
/// (no <c>init</c>), so a <c>with</c> expression cannot produce an unchecked copy.
/// </summary>
/// <remarks>
/// Feature values are not checked for NaN/∞ here on purpose: a non-finite input surfaces as a non-finite loss,
/// which the trainer reports as <see cref="TrainingDivergedException"/> — the same path as any other divergence.
/// </remarks>
public sealed record TrainingData
{
    private TrainingData(PredictionTask task, EncodedFeatures features, float[]? targets, long[]? classIndices, int classes, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(features.Width, 1);
        var rows = features.Rows;
        var labelCount = targets?.Length ?? classIndices!.Length;
        if (labelCount != rows)
            throw new ArgumentException($"{rows} feature rows but {labelCount} targets.");

        Task = task;
        Features = features;
        Width = features.Width;
        Rows = rows;
        Targets = targets;
        ClassIndices = classIndices;
        Classes = classes;
        Weights = weights;
    }

    public PredictionTask Task { get; }

    /// <summary>The features, compact; <see cref="EncodedFeatures.WriteRows"/> gives any rows in row-major [rows, Width] form.</summary>
    public EncodedFeatures Features { get; }

    public int Width { get; }

    public int Rows { get; }

    /// <summary>Binary: 0 or 1 per row. Regression: the target value. Null for multiclass.</summary>
    public float[]? Targets { get; }

    /// <summary>Multiclass: the class index in [0, Classes) per row. Null otherwise.</summary>
    public long[]? ClassIndices { get; }

    /// <summary>2 for binary, C for multiclass, 0 for regression.</summary>
    public int Classes { get; }

    /// <summary>
    /// Sample weights, one per row, finite and at least 0 (the Dataset's role weight column); null when unweighted,
    /// which is every row weighing 1. The trainer's loss and every metric weigh rows by them.
    /// </summary>
    public double[]? Weights { get; }

    /// <summary>The same rows weighted by <paramref name="weights"/> (finite, at least 0, one per row); null: unweighted.</summary>
    public TrainingData WithWeights(double[]? weights)
    {
        if (weights is not null)
        {
            if (weights.Length != Rows) throw new ArgumentException($"{weights.Length} weights for {Rows} rows.", nameof(weights));
            for (var i = 0; i < weights.Length; i++)
            {
                if (!(double.IsFinite(weights[i]) && weights[i] >= 0))
                    throw new ArgumentException($"Weight at row {i} is {weights[i]}; weights must be finite and at least 0.", nameof(weights));
            }
        }
        return new TrainingData(Task, Features, Targets, ClassIndices, Classes, weights);
    }

    /// <summary>Width of the network's last layer: one logit (binary), C logits (multiclass), one value (regression).</summary>
    public int OutputWidth => Task == PredictionTask.Multiclass ? Classes : 1;

    /// <summary>Binary classification; <paramref name="labels"/> must be exactly 0 or 1 (positive class = 1).</summary>
    public static TrainingData Binary(float[] features, int width, float[] labels) =>
        Binary(EncodedFeatures.FromMatrix(features, width), labels);

    /// <summary>Binary classification; <paramref name="labels"/> must be exactly 0 or 1 (positive class = 1).</summary>
    public static TrainingData Binary(EncodedFeatures features, float[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0f or 1f))
                throw new ArgumentException($"Binary label at row {i} is {labels[i]}; expected 0 or 1.", nameof(labels));
        }
        return new TrainingData(PredictionTask.Binary, features, labels, null, 2);
    }

    /// <summary>Multi-class classification over <paramref name="classes"/> classes (at least 2), labels as class indices.</summary>
    public static TrainingData Multiclass(float[] features, int width, long[] classIndices, int classes) =>
        Multiclass(EncodedFeatures.FromMatrix(features, width), classIndices, classes);

    /// <summary>Multi-class classification over <paramref name="classes"/> classes (at least 2), labels as class indices.</summary>
    public static TrainingData Multiclass(EncodedFeatures features, long[] classIndices, int classes)
    {
        ArgumentNullException.ThrowIfNull(classIndices);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        for (var i = 0; i < classIndices.Length; i++)
        {
            if (classIndices[i] < 0 || classIndices[i] >= classes)
                throw new ArgumentException($"Class index at row {i} is {classIndices[i]}; expected 0..{classes - 1}.", nameof(classIndices));
        }
        return new TrainingData(PredictionTask.Multiclass, features, null, classIndices, classes);
    }

    /// <summary>Regression; targets must be finite (a non-finite target would make every loss non-finite).</summary>
    public static TrainingData Regression(float[] features, int width, float[] targets) =>
        Regression(EncodedFeatures.FromMatrix(features, width), targets);

    /// <summary>Regression; targets must be finite (a non-finite target would make every loss non-finite).</summary>
    public static TrainingData Regression(EncodedFeatures features, float[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        for (var i = 0; i < targets.Length; i++)
        {
            if (!float.IsFinite(targets[i]))
                throw new ArgumentException($"Regression target at row {i} is {targets[i]}; targets must be finite.", nameof(targets));
        }
        return new TrainingData(PredictionTask.Regression, features, targets, null, 0);
    }
}
