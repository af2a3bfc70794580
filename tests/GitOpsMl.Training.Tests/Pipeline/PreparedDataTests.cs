using System.Text;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Training.Pipeline;
using GitOpsMl.Training.Tests.Support;

namespace GitOpsMl.Training.Tests.Pipeline;

public class PreparedDataTests
{
    [Fact]
    public void Rows_dropped_for_a_missing_label_are_counted_with_their_reason_beside_the_invalid_ones()
    {
        var csv = new StringBuilder("x,y\n");
        for (var i = 0; i < 40; i++) csv.Append($"{i},{2 * i}\n");
        csv.Append("not-a-number,1\n");    // breaks the schema
        csv.Append("41,\n").Append("42,\n"); // no label

        var data = PreparedData.Prepare(Inputs(), Encoding.UTF8.GetBytes(csv.ToString()));

        Assert.Equal(1, data.Report.InvalidRows);
        Assert.Equal(new Dictionary<string, long> { ["invalid"] = 1, ["labelMissing"] = 2 }, data.DroppedByReason);
        Assert.Equal(3, data.DroppedRows);
    }

    [Fact]
    public void Nothing_dropped_means_no_reasons()
    {
        var csv = new StringBuilder("x,y\n");
        for (var i = 0; i < 20; i++) csv.Append($"{i},{i}\n");

        var data = PreparedData.Prepare(Inputs(), Encoding.UTF8.GetBytes(csv.ToString()));

        Assert.Empty(data.DroppedByReason);
        Assert.Equal(0, data.DroppedRows);
    }

    private static TrainingInputs Inputs()
    {
        return MiniInputs.Of(
            new DatasetSpec
            {
                Schema =
                [
                    new ColumnSpec { Name = "x", Type = ColumnType.Float },
                    new ColumnSpec { Name = "y", Type = ColumnType.Float, Role = ColumnRole.Label },
                ],
                Split = new SplitSpec { Method = SplitMethod.Random, Train = 0.6, Validation = 0.2, Test = 0.2 },
                Validation = new DataValidationSpec { MaxInvalidFraction = 0.5 },
            },
            new FeatureSetSpec { Label = new LabelSpec { Column = "y", Task = PredictionTask.Regression }, Features = [new FeatureSpec { Column = "x" }] },
            new TrainingJobSpec { Algorithm = new() { Linear = new() } });
    }
}
