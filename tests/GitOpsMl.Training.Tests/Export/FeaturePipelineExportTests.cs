using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using GitOpsMl.Onnx;
using GitOpsMl.Training.Export;

namespace GitOpsMl.Training.Tests.Export;

/// <summary>The exported graph computes the same features as the C# pipeline: no training/serving skew.</summary>
public class FeaturePipelineExportTests
{
    private static readonly DatasetSpec Schema = new()
    {
        Source = new DatasetSource { Path = "data.csv" },
        Schema =
        [
            new ColumnSpec { Name = "age", Type = ColumnType.Float },
            new ColumnSpec { Name = "income", Type = ColumnType.Float },
            new ColumnSpec { Name = "visits", Type = ColumnType.Int },
            new ColumnSpec { Name = "score", Type = ColumnType.Float },
            new ColumnSpec { Name = "member", Type = ColumnType.Bool },
            new ColumnSpec { Name = "plan", Type = ColumnType.Category },
            new ColumnSpec { Name = "city", Type = ColumnType.String },
            new ColumnSpec { Name = "channel", Type = ColumnType.Category },
            new ColumnSpec { Name = "y", Type = ColumnType.Bool, Role = ColumnRole.Label },
        ],
    };

    private static readonly FeatureSetSpec Features = new()
    {
        DatasetRef = new() { Name = "d" },
        Label = new LabelSpec { Column = "y", Task = PredictionTask.Binary },
        Features =
        [
            new FeatureSpec { Column = "age", Transforms = [new() { Type = TransformType.Impute, Strategy = ImputeStrategy.Median, Indicator = true }, new() { Type = TransformType.Clip, Min = 0, Max = 90 }, new() { Type = TransformType.Standardize }] },
            new FeatureSpec { Column = "income", Transforms = [new() { Type = TransformType.Log1p }, new() { Type = TransformType.MinMax }] },
            new FeatureSpec { Column = "visits", Transforms = [new() { Type = TransformType.Bucketize, Quantiles = 4 }] },
            new FeatureSpec { Column = "score", Transforms = [new() { Type = TransformType.Clip, Max = 3 }, new() { Type = TransformType.Bucketize, Boundaries = [-1, 0, 1.5] }] },
            new FeatureSpec { Column = "member" },
            new FeatureSpec { Column = "plan", Transforms = [new() { Type = TransformType.Impute, Strategy = ImputeStrategy.MostFrequent, Indicator = true }, new() { Type = TransformType.OneHot, Unknown = GitOpsMl.Api.Kinds.UnknownCategory.Other }] },
            new FeatureSpec { Column = "city", Transforms = [new() { Type = TransformType.HashBucket, Buckets = 7 }] },
            new FeatureSpec { Column = "channel" },
        ],
    };

    [Fact]
    public void Exported_graph_reproduces_the_csharp_features_on_missing_out_of_range_and_unseen_values()
    {
        var pipeline = FeaturePipelineFitter.Fit(Features, Schema, Rows(2000, seed: 1, hostile: false));
        var serving = Rows(1500, seed: 2, hostile: true);

        var expected = pipeline.Transform(serving);
        var (actual, width) = RunExported(pipeline, serving);

        Assert.Equal(expected.Width, width);
        for (var i = 0; i < expected.Values.Length; i++)
        {
            var (e, a) = (expected.Values[i], actual[i]);
            if (float.IsNaN(e) || float.IsInfinity(e)) Assert.Equal(e, a);
            else Assert.True(Math.Abs(e - a) <= 1e-5, $"row {i / width}, feature {expected.Names[i % width]}: C# {e} vs ONNX {a}");
        }
    }

    [Fact]
    public void Exported_graph_takes_one_raw_input_per_feature_column_typed_by_kind()
    {
        var pipeline = FeaturePipelineFitter.Fit(Features, Schema, Rows(500, seed: 3, hostile: false));
        var graph = new OnnxGraphBuilder();
        graph.AddOutput("features", TensorElementType.Float, FeaturePipelineExporter.Append(graph, pipeline), pipeline.Width);
        var model = graph.Build();

        Assert.Equal(["age", "income", "visits", "score", "member", "plan", "city", "channel"], model.Graph.Input.Select(i => i.Name));
        Assert.Equal(
            [1, 1, 1, 1, 1, 8, 8, 8],
            model.Graph.Input.Select(i => i.Type.TensorType.ElemType));
    }

    [Fact]
    public void A_bool_column_is_a_bool_bundle_input_fed_to_the_graph_as_float_like_a_numeric_one()
    {
        var pipeline = FeaturePipelineFitter.Fit(Features, Schema, Rows(500, seed: 3, hostile: false));
        var graph = new OnnxGraphBuilder();
        graph.AddOutput("features", TensorElementType.Float, FeaturePipelineExporter.Append(graph, pipeline), pipeline.Width);

        Assert.Equal(
            [("age", "numeric"), ("income", "numeric"), ("visits", "numeric"), ("score", "numeric"), ("member", "bool"),
             ("plan", "categorical"), ("city", "categorical"), ("channel", "categorical")],
            FeaturePipelineExporter.Inputs(pipeline).Select(i => (i.Name, i.Kind)));
        Assert.Equal((int)TensorElementType.Float, graph.Build().Graph.Input.Single(i => i.Name == "member").Type.TensorType.ElemType);
    }

    [Fact]
    public void Bundle_inputs_of_a_pipeline_without_bool_columns_serialize_as_before_the_bool_kind()
    {
        var features = Features with { Features = Features.Features.Where(f => f.Column != "member").ToList() };
        var pipeline = FeaturePipelineFitter.Fit(features, Schema, Rows(500, seed: 3, hostile: false));

        Assert.Equal(
            """[{"name":"age","kind":"numeric"},{"name":"income","kind":"numeric"},{"name":"visits","kind":"numeric"},{"name":"score","kind":"numeric"},"""
            + """{"name":"plan","kind":"categorical"},{"name":"city","kind":"categorical"},{"name":"channel","kind":"categorical"}]""",
            JsonSerializer.Serialize(FeaturePipelineExporter.Inputs(pipeline), ApiJson.Options));
    }

    [Fact]
    public void Exported_graph_runs_each_step_form_once_over_all_numeric_columns_and_encodes_all_categoricals_together()
    {
        var pipeline = FeaturePipelineFitter.Fit(Features, Schema, Rows(500, seed: 3, hostile: false));
        var graph = new OnnxGraphBuilder();
        graph.AddOutput("features", TensorElementType.Float, FeaturePipelineExporter.Append(graph, pipeline), pipeline.Width);
        var ops = graph.Build().Graph.Node.Select(n => n.OpType).ToList();

        // Five numeric columns with standardize, minMax, two clips and two bucketizes: one stage of each form.
        Assert.Equal(1, ops.Count(o => o == "Sub"));
        Assert.Equal(1, ops.Count(o => o == "Log"));
        Assert.Equal(2, ops.Count(o => o == "GreaterOrEqual"));
        // Three categoricals: a lookup each (plus one for the plan's missing indicator), then one shared one-hot.
        Assert.Equal(4, ops.Count(o => o == "LabelEncoder"));
        Assert.Equal(1, ops.Count(o => o == "Equal"));
        Assert.Equal(1, ops.Count(o => o == "Transpose"));
    }

    private static (float[] Values, int Width) RunExported(FittedFeaturePipeline pipeline, Table table)
    {
        var graph = new OnnxGraphBuilder();
        graph.AddOutput("features", TensorElementType.Float, FeaturePipelineExporter.Append(graph, pipeline), pipeline.Width);
        using var runner = new OnnxTableRunner(graph.ToBytes());
        return runner.Run(table);
    }

    /// <summary>A seeded table; the hostile variant adds NaN, infinities, out-of-range numbers and unseen or missing categories.</summary>
    private static Table Rows(int n, int seed, bool hostile)
    {
        var rng = new Random(seed);
        string[] plans = ["basic", "plus", "pro"], cities = ["paris", "lyon", "nice", "lille", "metz"], channels = ["web", "app"];
        double Special(double normal) => !hostile ? normal : rng.Next(12) switch
        {
            0 => double.NaN, 1 => double.PositiveInfinity, 2 => double.NegativeInfinity, 3 => normal * 1e6, 4 => -normal - 50, _ => normal,
        };
        string? Category(string[] values) => !hostile ? values[rng.Next(values.Length)] : rng.Next(8) switch
        {
            0 => null, 1 => "", 2 => "never-seen", _ => values[rng.Next(values.Length)],
        };
        var age = new double[n]; var income = new double[n]; var visits = new double[n]; var score = new double[n]; var member = new double[n];
        var plan = new string?[n]; var city = new string?[n]; var channel = new string?[n]; var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            age[i] = Special(rng.Next(10) == 0 ? double.NaN : 18 + rng.NextDouble() * 60);
            income[i] = Special(1000 + rng.NextDouble() * 90000);
            visits[i] = Special(rng.Next(0, 30));
            score[i] = Special(rng.NextDouble() * 6 - 3);
            member[i] = rng.Next(2);
            plan[i] = hostile ? Category(plans) : rng.Next(10) == 0 ? null : plans[rng.Next(3)];
            city[i] = Category(cities);
            channel[i] = Category(channels);
            y[i] = rng.Next(2);
        }
        return Table.Of(
            new NumericColumn("age", ColumnType.Float, age), new NumericColumn("income", ColumnType.Float, income),
            new NumericColumn("visits", ColumnType.Int, visits), new NumericColumn("score", ColumnType.Float, score),
            new NumericColumn("member", ColumnType.Bool, member), new StringColumn("plan", ColumnType.Category, plan),
            new StringColumn("city", ColumnType.String, city), new StringColumn("channel", ColumnType.Category, channel),
            new NumericColumn("y", ColumnType.Bool, y));
    }
}
