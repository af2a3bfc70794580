namespace GitOpsMl.Serving.Quality;

/// <summary>
/// One prediction joined with its true label. Classifiers: Label is the true class index,
/// Predicted the argmax, Score the positive-class probability (binary), TrueClassProbability for log loss.
/// Regression: Score is the prediction and Label the true value.
/// </summary>
public readonly record struct LabeledSample(long AtTicks, double Score, double Label, int Predicted, double TrueClassProbability);
