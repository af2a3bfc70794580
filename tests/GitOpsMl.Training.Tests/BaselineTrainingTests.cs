using GitOpsMl.Api.Kinds;
using GitOpsMl.Training.Tests.Support;
using Xunit.Abstractions;

namespace GitOpsMl.Training.Tests;

public class BaselineTrainingTests(ITestOutputHelper output)
{
    // What once made the baseline useless: balanced class weights, a tiny learning rate, few epochs.
    private static readonly HyperparametersSpec JobSettings = new()
    {
        Epochs = 3, BatchSize = 64, LearningRate = 1e-5, WeightDecay = 0.5, ClassWeights = ClassWeighting.Balanced, Seed = 7, Threads = 1,
    };

    [Fact]
    public void On_an_imbalanced_multiclass_set_the_baseline_is_at_least_as_good_as_the_majority_class_guess()
    {
        var train = Synthetic.ImbalancedMulticlass(3000, 41);
        var validation = Synthetic.ImbalancedMulticlass(1000, 42);
        var test = Synthetic.ImbalancedMulticlass(3000, 43);

        using var baseline = Train(train, validation, JobSettings).Network;
        var model = Metrics.Evaluate(test, Predictor.Predict(baseline, test));
        var trivial = TrivialPredictor.Fit(train).Evaluate(test);
        output.WriteLine($"baseline accuracy {model["accuracy"]:F4} logLoss {model["logLoss"]:F4}; majority guess {trivial["accuracy"]:F4} / {trivial["logLoss"]:F4}");

        Assert.True(model["accuracy"] >= trivial["accuracy"], $"baseline accuracy {model["accuracy"]} < majority guess {trivial["accuracy"]}");
        Assert.True(model["logLoss"] < trivial["logLoss"], $"baseline logLoss {model["logLoss"]} >= the prior's {trivial["logLoss"]}");
        Assert.True(model["macroF1"] > trivial["macroF1"]);
    }

    [Theory]
    [InlineData(PredictionTask.Multiclass)]
    [InlineData(PredictionTask.Regression)]
    public void When_the_features_say_nothing_the_baseline_is_never_worse_on_validation_loss_than_the_trivial_predictor(PredictionTask task)
    {
        // Noise features: every step away from the prior (or mean) fits noise, so the best epoch may be epoch 0.
        var (train, validation) = task == PredictionTask.Multiclass
            ? (Synthetic.ImbalancedMulticlass(300, 51, signal: 0), Synthetic.ImbalancedMulticlass(300, 52, signal: 0))
            : (NoiseRegression(300, 51), NoiseRegression(300, 52));
        var metric = task == PredictionTask.Multiclass ? "logLoss" : "rmse";

        var result = Train(train, validation, JobSettings);
        using var network = result.Network;
        var baseline = Metrics.Evaluate(validation, Predictor.Predict(network, validation))[metric];
        var trivial = TrivialPredictor.Fit(train).Evaluate(validation)[metric];
        output.WriteLine($"{task}: best epoch {result.BestEpoch}, baseline {metric} {baseline:R}, trivial {trivial:R}");

        Assert.True(baseline <= trivial + 1e-6, $"baseline {metric} {baseline} > trivial {trivial}");
    }

    [Fact]
    public void The_baseline_keeps_its_own_recipe_and_borrows_only_batch_size_seed_and_threads_from_the_job()
    {
        var small = Synthetic.ImbalancedMulticlass(1000, 1);
        var options = BaselineTraining.Options(small, hasValidation: true, JobSettings, "cpu", null);
        var h = options.Hyperparameters!;

        Assert.True(options.Algorithm.IsLinear);
        Assert.True(options.StartFromTrivial);
        Assert.Equal((BaselineTraining.MaxEpochs, 64, BaselineTraining.LearningRate, 0.0, OptimizerKind.Adam, ClassWeighting.None, 7L, 1),
            (h.Epochs, h.BatchSize, h.LearningRate, h.WeightDecay, h.Optimizer, h.ClassWeights, h.Seed, h.Threads));
        Assert.Equal(("logLoss", BaselineTraining.Patience), (options.EarlyStopping!.Metric, options.EarlyStopping.Patience));

        // Millions of rows: larger batches keep an epoch to a bounded number of steps.
        var many = BaselineTraining.Options(Synthetic.ImbalancedMulticlass(25_000, 1), true, JobSettings, "cpu", null);
        Assert.Equal(250, many.Hyperparameters!.BatchSize);

        var regression = BaselineTraining.Options(Synthetic.Regression(1000, 1), true, null, "cpu", null);
        Assert.Equal("rmse", regression.EarlyStopping!.Metric);
        Assert.Equal(ClassWeighting.None, regression.Hyperparameters!.ClassWeights);

        var noValidation = BaselineTraining.Options(small, hasValidation: false, JobSettings, "cpu", null);
        Assert.Null(noValidation.EarlyStopping);
        Assert.Equal(BaselineTraining.EpochsWithoutValidation, noValidation.Hyperparameters!.Epochs);
    }

    [Fact]
    public void The_baseline_is_deterministic_with_the_jobs_seed()
    {
        var train = Synthetic.ImbalancedMulticlass(600, 61);
        var validation = Synthetic.ImbalancedMulticlass(300, 62);

        byte[] Onnx(HyperparametersSpec job)
        {
            using var network = Train(train, validation, job).Network;
            return NetworkExporter.NetworkOnly(network).ToBytes();
        }

        Assert.Equal(Onnx(JobSettings), Onnx(JobSettings));
        Assert.NotEqual(Onnx(JobSettings), Onnx(JobSettings with { Seed = 8 }));
    }

    private static TrainingResult Train(TrainingData train, TrainingData validation, HyperparametersSpec job) =>
        new Trainer(BaselineTraining.Options(train, hasValidation: true, job, "cpu", null)).Train(train, validation);

    private static TrainingData NoiseRegression(int rows, ulong seed)
    {
        var x = Synthetic.Features(rows, Synthetic.Width, seed);
        var y = Synthetic.Features(rows, 1, seed ^ 0xF00D).Select(v => 50 + 3 * v).ToArray();
        return TrainingData.Regression(x, Synthetic.Width, y);
    }
}
