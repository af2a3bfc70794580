using System.Collections.Concurrent;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Tests.Support;

/// <summary>One trained model per (algorithm, task), trained once and shared by the tests that inspect it.</summary>
public static class TrainedCases
{
    public const int TrainRows = 1200;
    public const int ValidationRows = 1000;

    private static readonly ConcurrentDictionary<(string, PredictionTask), Lazy<TrainedCase>> Cache = new();

    public static TrainedCase Get(string algorithm, PredictionTask task) =>
        Cache.GetOrAdd((algorithm, task), key => new Lazy<TrainedCase>(() => Train(key.Item1, key.Item2))).Value;

    public static TrainingData Data(PredictionTask task, int rows, ulong seed) => task switch
    {
        PredictionTask.Binary => Synthetic.Binary(rows, seed),
        PredictionTask.Multiclass => Synthetic.Multiclass(rows, seed),
        _ => Synthetic.Regression(rows, seed),
    };

    public static TrainingOptions Options(string algorithm, int threads = 1, int epochs = 8) => new(
        Algorithms.Get(algorithm),
        new HyperparametersSpec { Epochs = epochs, BatchSize = 64, LearningRate = 0.01, Seed = 7, Threads = threads },
        Device: "cpu");

    private static TrainedCase Train(string algorithm, PredictionTask task)
    {
        var train = Data(task, TrainRows, 1);
        var validation = Data(task, ValidationRows, 2);
        var result = new Trainer(Options(algorithm)).Train(train, validation);
        return new TrainedCase(algorithm, task, train, validation, result);
    }
}
