using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Tests.Support;

public sealed record TrainedCase(
    string Algorithm, PredictionTask Task, TrainingData Train, TrainingData Validation, TrainingResult Result);
