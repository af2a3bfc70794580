using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using GitOpsMl.Onnx;
using GitOpsMl.Training.Export;

namespace GitOpsMl.Training.Tests.Export;

/// <summary>Datetime features: the exported graph computes what the C# pipeline computes, on the calendar's hostile instants.</summary>
public class DatetimeExportTests
{
    private static readonly DatasetSpec Schema = new()
    {
        Source = new DatasetSource { Path = "data.csv" },
        Schema =
        [
            new ColumnSpec { Name = "ts", Type = ColumnType.Timestamp, Role = ColumnRole.Timestamp },
            new ColumnSpec { Name = "created", Type = ColumnType.Timestamp },
            new ColumnSpec { Name = "amount", Type = ColumnType.Float },
            new ColumnSpec { Name = "y", Type = ColumnType.Float, Role = ColumnRole.Label },
        ],
    };

    private static FeatureSetSpec Features(bool cyclical) => new()
    {
        DatasetRef = new() { Name = "d" },
        Label = new LabelSpec { Column = "y", Task = PredictionTask.Regression },
        Features =
        [
            new FeatureSpec { Column = "amount", Transforms = [new() { Type = TransformType.Standardize }] },
            new FeatureSpec
            {
                Column = "ts",
                Datetime = new DatetimeSpec { Parts = [.. Enum.GetValues<DatetimePart>()], Cyclical = cyclical, Elapsed = ElapsedUnit.Days },
            },
            new FeatureSpec { Column = "created", Datetime = new DatetimeSpec { Parts = [DatetimePart.DayOfWeek, DatetimePart.Hour], Elapsed = ElapsedUnit.Seconds } },
        ],
    };

    /// <summary>Instants where calendars go wrong: the epoch and just before it, leap days, century years, 2038, the ends of the range, offsets far from UTC.</summary>
    private static readonly string?[] Hostile =
    [
        "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.500Z", "2000-02-29T12:34:56Z", "2000-03-01T00:00:00Z", "1900-02-28T23:59:59Z",
        "1900-03-01T00:00:00Z", "2100-02-28T10:00:00Z", "2024-12-31T23:59:59.999Z", "2038-01-19T03:14:08Z", "2262-04-11T23:47:16Z",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-03-10T01:30:00+14:00", "2024-03-09T23:30:00-12:00", "2024-06-01 08:00",
        "2024-06-01", null, null,
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Exported_graph_reproduces_the_csharp_datetime_features_within_1e5(bool cyclical)
    {
        var pipeline = FeaturePipelineFitter.Fit(Features(cyclical), Schema, Rows(800, seed: 1, hostile: false));
        var serving = Rows(1200, seed: 2, hostile: true);

        var expected = pipeline.Transform(serving);
        var graph = new OnnxGraphBuilder();
        graph.AddOutput("features", TensorElementType.Float, FeaturePipelineExporter.Append(graph, pipeline), pipeline.Width);
        using var runner = new OnnxTableRunner(graph.ToBytes());
        var (actual, width) = runner.Run(serving);

        Assert.Equal(expected.Width, width);
        for (var i = 0; i < expected.Values.Length; i++)
        {
            var (e, a) = (expected.Values[i], actual[i]);
            Assert.True(Math.Abs(e - a) <= 1e-5, $"row {i / width} ({((TimestampColumn)serving["ts"]).Values[i / width]:O}), feature {expected.Names[i % width]}: C# {e} vs ONNX {a}");
        }
    }

    [Fact]
    public void Outputs_are_named_after_the_column_and_part_and_a_timestamp_is_a_timestamp_input()
    {
        var pipeline = FeaturePipelineFitter.Fit(Features(cyclical: true), Schema, Rows(300, seed: 3, hostile: false));

        Assert.Equal(
            ["amount", "ts__year", "ts__month_sin", "ts__month_cos", "ts__dayOfMonth_sin", "ts__dayOfMonth_cos", "ts__dayOfWeek_sin", "ts__dayOfWeek_cos",
             "ts__dayOfYear_sin", "ts__dayOfYear_cos", "ts__hour_sin", "ts__hour_cos", "ts__minute_sin", "ts__minute_cos", "ts__elapsedDays",
             "created__dayOfWeek", "created__hour", "created__elapsedSeconds"],
            pipeline.OutputNames);
        Assert.Equal(
            [new BundleInput("amount", BundleInput.Numeric), new BundleInput("ts", BundleInput.Timestamp), new BundleInput("created", BundleInput.Timestamp)],
            FeaturePipelineExporter.Inputs(pipeline));
    }

    [Fact]
    public void Standardized_parts_have_training_mean_zero_and_a_missing_timestamp_is_the_mean()
    {
        var train = Rows(500, seed: 4, hostile: false);
        var pipeline = FeaturePipelineFitter.Fit(Features(cyclical: false), Schema, train);
        var matrix = pipeline.Transform(train);
        foreach (var name in new[] { "ts__year", "ts__dayOfWeek", "ts__elapsedDays", "created__hour" })
        {
            Assert.True(Math.Abs(matrix.Column(name).Average()) < 1e-4, name);
        }
        var missing = pipeline.Transform(Table.Of(
            new TimestampColumn("ts", [null]), new TimestampColumn("created", [null]), new NumericColumn("amount", ColumnType.Float, [1])));
        Assert.All(missing.Names.Select((n, i) => (n, v: missing.Values[i])).Where(x => x.n != "amount"), x => Assert.Equal(0f, x.v));
    }

    [Fact]
    public void The_fitted_pipeline_round_trips_through_json()
    {
        var pipeline = FeaturePipelineFitter.Fit(Features(cyclical: true), Schema, Rows(200, seed: 5, hostile: false));
        var again = FittedFeaturePipeline.FromJson(pipeline.ToJson());
        var table = Rows(50, seed: 6, hostile: true);
        Assert.Equal(pipeline.Transform(table).Values, again.Transform(table).Values);
    }

    private static Table Rows(int n, int seed, bool hostile)
    {
        var rng = new Random(seed);
        var start = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset? Instant(int i)
        {
            if (hostile && i < Hostile.Length * 2)
            {
                var text = Hostile[i % Hostile.Length];
                return text is null ? null : TimestampText.TryParse(text, out var t) ? t : throw new FormatException(text);
            }
            return start.AddSeconds(rng.NextDouble() * 10 * 365.25 * 86400);
        }
        var ts = Enumerable.Range(0, n).Select(Instant).ToArray();
        var created = Enumerable.Range(0, n).Select(i => hostile && i % 11 == 0 ? null : (DateTimeOffset?)start.AddMinutes(rng.Next(0, 5_000_000))).ToArray();
        var amount = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 100).ToArray();
        return Table.Of(new TimestampColumn("ts", ts), new TimestampColumn("created", created),
            new NumericColumn("amount", ColumnType.Float, amount), new NumericColumn("y", ColumnType.Float, amount));
    }
}
