using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using GitOpsMl.Training.Tests.Support;

namespace GitOpsMl.Training.Tests;

/// <summary>Calendar features carry signal a model can learn: on daily sales with weekly seasonality, day of week matters.</summary>
public class DatetimeLearningTests
{
    private static readonly DatasetSpec Schema = new()
    {
        Source = new DatasetSource { Path = "sales.csv" },
        Schema =
        [
            new ColumnSpec { Name = "day", Type = ColumnType.Timestamp, Role = ColumnRole.Timestamp },
            new ColumnSpec { Name = "sales", Type = ColumnType.Float, Role = ColumnRole.Label },
        ],
    };

    /// <summary>Daily sales from <paramref name="from"/>: a slow trend, weekends sell 40 more, plus noise (seeded).</summary>
    private static Table Daily(DateTimeOffset from, int days, int seed)
    {
        var rng = new Random(seed);
        var day = new DateTimeOffset?[days];
        var sales = new double[days];
        for (var i = 0; i < days; i++)
        {
            var t = from.AddDays(i);
            day[i] = t;
            var weekend = t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 40 : 0;
            sales[i] = 100 + 0.02 * (t - new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalDays + weekend + rng.NextDouble() * 10 - 5;
        }
        return Table.Of(new TimestampColumn("day", day), new NumericColumn("sales", ColumnType.Float, sales));
    }

    private static double ValidationRmse(DatetimeSpec datetime)
    {
        var features = new FeatureSetSpec
        {
            DatasetRef = new() { Name = "sales" },
            Label = new LabelSpec { Column = "sales", Task = PredictionTask.Regression },
            Features = [new FeatureSpec { Column = "day", Datetime = datetime }],
        };
        var trainTable = Daily(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), 730, seed: 1);
        var validationTable = Daily(new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), 180, seed: 2);
        var pipeline = FeaturePipelineFitter.Fit(features, Schema, trainTable);
        TrainingData Data(Table t)
        {
            var m = pipeline.Transform(t);
            return TrainingData.Regression(m.Values, m.Width, t.Numeric("sales").Values.Select(v => (float)v).ToArray());
        }
        var (train, validation) = (Data(trainTable), Data(validationTable));
        var result = new Trainer(TrainedCases.Options("mlp-relu", epochs: 60)).Train(train, validation);
        var predicted = Predictor.Predict(result.Network, validation).Values!;
        return Math.Sqrt(predicted.Select((p, i) => Math.Pow(p - validation.Targets![i], 2)).Average());
    }

    [Fact]
    public void A_model_with_day_of_week_beats_the_same_model_without_it_on_later_days()
    {
        var withWeekday = ValidationRmse(new DatetimeSpec { Parts = [DatetimePart.DayOfWeek], Cyclical = true, Elapsed = ElapsedUnit.Days });
        var trendOnly = ValidationRmse(new DatetimeSpec { Elapsed = ElapsedUnit.Days });

        // The weekend effect has a standard deviation of about 18 and the noise about 3: knowing the weekday removes most of the error.
        Assert.True(withWeekday < trendOnly * 0.5, $"rmse with dayOfWeek {withWeekday:F2}, trend only {trendOnly:F2}");
        Assert.True(trendOnly > 15, $"trend only rmse {trendOnly:F2}");
    }
}
