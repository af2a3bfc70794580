using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Tests;

/// <summary>The run warns when the model does not strictly beat the trivial predictor on the task's primary metric.</summary>
public sealed class TrivialComparisonTests
{
    [Theory]
    [InlineData("binary", "auc", 0.5, 0.5, true)]        // a tie is no evidence of learning
    [InlineData("binary", "auc", 0.62, 0.5, false)]
    [InlineData("multiclass", "accuracy", 0.61, 0.61, true)]
    [InlineData("multiclass", "accuracy", 0.70, 0.61, false)]
    [InlineData("regression", "rmse", 3.2, 3.0, true)]    // lower is better
    [InlineData("regression", "rmse", 2.5, 3.0, false)]
    public void Warns_unless_the_model_strictly_beats_the_trivial_predictor_on_the_primary_metric(string task, string metric, double model, double trivial, bool warns)
    {
        var warning = TrivialComparison.Check(Metrics(task, metric, model, trivial));

        Assert.Equal(warns, warning is not null);
        if (warning is not null)
        {
            Assert.Equal(TrainingWarning.NoBetterThanTrivial, warning.Reason);
            Assert.StartsWith($"the model does not beat the trivial predictor on the test split's {metric}", warning.Message);
        }
    }

    [Fact]
    public void Says_nothing_without_the_trivial_predictors_numbers()
    {
        Assert.Null(TrivialComparison.Check(Metrics("binary", "auc", 0.5, double.NaN)));
        Assert.Null(TrivialComparison.Check(Metrics("binary", "auc", 0.5, 0.5) with { Trivial = null }));
    }

    private static MetricsDocument Metrics(string task, string metric, double model, double trivial) => new()
    {
        Task = task,
        Test = new Dictionary<string, double> { [metric] = model },
        Trivial = new Dictionary<string, double> { [metric] = trivial },
        Slices = new Dictionary<string, IReadOnlyDictionary<string, double>>(),
        SliceRows = new Dictionary<string, int>(),
        Validation = [],
        BestEpoch = 1,
        Rows = new SplitRows(1, 1, 1),
        Parity = new ParityCheck(1, 0, 1e-5),
    };
}
