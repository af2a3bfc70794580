using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training;

/// <summary>
/// Already-transformed numeric features and their targets: the trainer's whole view of a data split.
/// Features are row-major float32 [Rows, Width], the layout a tensor takes without a copy-transpose.
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
    private TrainingData(PredictionTask task, float[] features, int width, float[]? targets, long[]? classIndices, int classes)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (features.Length % width != 0)
            throw new ArgumentException($"{features.Length} feature values do not form rows of width {width}.", nameof(features));
        var rows = features.Length / width;
        var labelCount = targets?.Length ?? classIndices!.Length;
        if (labelCount != rows)
            throw new ArgumentException($"{rows} feature rows but {labelCount} targets.");

        Task = task;
        Features = features;
        Width = width;
        Rows = rows;
        Targets = targets;
        ClassIndices = classIndices;
        Classes = classes;
    }

    public PredictionTask Task { get; }

    /// <summary>Row-major [Rows, Width].</summary>
    public float[] Features { get; }

    public int Width { get; }

    public int Rows { get; }

    /// <summary>Binary: 0 or 1 per row. Regression: the target value. Null for multiclass.</summary>
    public float[]? Targets { get; }

    /// <summary>Multiclass: the class index in [0, Classes) per row. Null otherwise.</summary>
    public long[]? ClassIndices { get; }

    /// <summary>2 for binary, C for multiclass, 0 for regression.</summary>
    public int Classes { get; }

    /// <summary>Width of the network's last layer: one logit (binary), C logits (multiclass), one value (regression).</summary>
    public int OutputWidth => Task == PredictionTask.Multiclass ? Classes : 1;

    /// <summary>Binary classification; <paramref name="labels"/> must be exactly 0 or 1 (positive class = 1).</summary>
    public static TrainingData Binary(float[] features, int width, float[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is not (0f or 1f))
                throw new ArgumentException($"Binary label at row {i} is {labels[i]}; expected 0 or 1.", nameof(labels));
        }
        return new TrainingData(PredictionTask.Binary, features, width, labels, null, 2);
    }

    /// <summary>Multi-class classification over <paramref name="classes"/> classes (at least 2), labels as class indices.</summary>
    public static TrainingData Multiclass(float[] features, int width, long[] classIndices, int classes)
    {
        ArgumentNullException.ThrowIfNull(classIndices);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        for (var i = 0; i < classIndices.Length; i++)
        {
            if (classIndices[i] < 0 || classIndices[i] >= classes)
                throw new ArgumentException($"Class index at row {i} is {classIndices[i]}; expected 0..{classes - 1}.", nameof(classIndices));
        }
        return new TrainingData(PredictionTask.Multiclass, features, width, null, classIndices, classes);
    }

    /// <summary>Regression; targets must be finite (a non-finite target would make every loss non-finite).</summary>
    public static TrainingData Regression(float[] features, int width, float[] targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        for (var i = 0; i < targets.Length; i++)
        {
            if (!float.IsFinite(targets[i]))
                throw new ArgumentException($"Regression target at row {i} is {targets[i]}; targets must be finite.", nameof(targets));
        }
        return new TrainingData(PredictionTask.Regression, features, width, targets, null, 0);
    }

    /// <summary>Row <paramref name="row"/> of the features.</summary>
    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * Width, Width);
}
