using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Training.Tests;

public class TrainingDataTests
{
    [Fact]
    public void Shapes_and_label_ranges_are_checked_on_construction()
    {
        Assert.Throws<ArgumentException>(() => TrainingData.Binary(new float[5], 2, [0, 1]));
        Assert.Throws<ArgumentException>(() => TrainingData.Binary(new float[4], 2, [0, 1, 1]));
        Assert.Throws<ArgumentException>(() => TrainingData.Binary(new float[4], 2, [0, 0.5f]));
        Assert.Throws<ArgumentException>(() => TrainingData.Multiclass(new float[4], 2, [0, 3], 3));
        Assert.Throws<ArgumentException>(() => TrainingData.Regression(new float[4], 2, [1, float.NaN]));
    }

    [Fact]
    public void Output_width_follows_the_task()
    {
        Assert.Equal(1, TrainingData.Binary(new float[4], 2, [0, 1]).OutputWidth);
        Assert.Equal(4, TrainingData.Multiclass(new float[4], 2, [0, 3], 4).OutputWidth);
        var regression = TrainingData.Regression(new float[4], 2, [1, 2]);
        Assert.Equal((PredictionTask.Regression, 1, 2, 0), (regression.Task, regression.OutputWidth, regression.Rows, regression.Classes));
    }
}
