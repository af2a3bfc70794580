using GitOpsMl.Api.Kinds;
using GitOpsMl.Training.Tests.Support;

namespace GitOpsMl.Training.Tests;

public class TrivialPredictorTests
{
    [Fact]
    public void Multiclass_the_trivial_predictor_is_the_training_prior_and_always_guesses_the_majority_class()
    {
        var train = TrainingData.Multiclass(new float[6], 1, [0, 0, 0, 1, 1, 2], 3);
        var test = TrainingData.Multiclass(new float[4], 1, [0, 1, 2, 0], 3);

        var trivial = TrivialPredictor.Fit(train);
        var m = trivial.Evaluate(test);

        Assert.Equal([0.5, 2.0 / 6, 1.0 / 6], trivial.Prior!.ToArray(), new ToleranceComparer(1e-12));
        Assert.Equal(0.5, m["accuracy"], 12);
        var expectedLogLoss = -(2 * Math.Log((float)0.5) + Math.Log((float)(2.0 / 6)) + Math.Log((float)(1.0 / 6))) / 4;
        Assert.Equal(expectedLogLoss, m["logLoss"], 6);
    }

    [Fact]
    public void Binary_the_trivial_predictor_has_auc_one_half_and_the_prior_entropy_as_log_loss()
    {
        var train = TrainingData.Binary(new float[4], 1, [0, 0, 0, 1]);
        var test = TrainingData.Binary(new float[4], 1, [0, 1, 0, 0]);

        var m = TrivialPredictor.Fit(train).Evaluate(test);

        Assert.Equal(0.5, m["auc"], 12);
        Assert.Equal(0.75, m["accuracy"], 12);
        Assert.Equal(0, m["recall"], 12);
        Assert.Equal(-(3 * Math.Log(0.75) + Math.Log(0.25)) / 4, m["logLoss"], 6);
    }

    [Fact]
    public void Regression_the_trivial_predictor_is_the_training_mean_with_r2_zero_on_its_own_data()
    {
        var train = TrainingData.Regression(new float[4], 1, [1, 2, 3, 6]);

        var trivial = TrivialPredictor.Fit(train);
        var m = trivial.Evaluate(train);

        Assert.Equal(3, trivial.Mean);
        Assert.Equal(0, m["r2"], 12);
        Assert.Equal(Math.Sqrt((4 + 1 + 0 + 9) / 4.0), m["rmse"], 6);
        Assert.Equal(1.5, m["mae"], 12);
    }

    [Fact]
    public void The_output_bias_is_the_log_prior_the_log_odds_or_the_standardized_mean()
    {
        var multiclass = TrivialPredictor.Fit(TrainingData.Multiclass(new float[4], 1, [0, 0, 0, 1], 3));
        var bias = multiclass.OutputBias(4, null);
        Assert.Equal(Math.Log(0.75), bias[0], 6);
        Assert.Equal(Math.Log(0.25), bias[1], 6);
        // a class with no training rows gets 1/(rows+1), not log 0 = −∞
        Assert.Equal(Math.Log(1.0 / 5), bias[2], 6);

        var binary = TrivialPredictor.Fit(TrainingData.Binary(new float[4], 1, [0, 0, 0, 1]));
        Assert.Equal(Math.Log(0.25 / 0.75), binary.OutputBias(4, null)[0], 6);

        var targets = new float[] { 1, 2, 3, 6 };
        var regression = TrivialPredictor.Fit(TrainingData.Regression(new float[4], 1, targets));
        Assert.Equal(0, regression.OutputBias(4, TargetScaling.Fit(targets))[0], 6);
    }

    [Fact]
    public void On_a_generated_imbalanced_set_the_majority_guess_scores_the_majority_share()
    {
        var test = Synthetic.ImbalancedMulticlass(4000, 32);
        var m = TrivialPredictor.Fit(Synthetic.ImbalancedMulticlass(4000, 31)).Evaluate(test);

        var majorityShare = test.ClassIndices!.Count(c => c == 0) / (double)test.Rows;
        Assert.Equal(majorityShare, m["accuracy"], 12);
        Assert.InRange(majorityShare, 0.77, 0.83);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
