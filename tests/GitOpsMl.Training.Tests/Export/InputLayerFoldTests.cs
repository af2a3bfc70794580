using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using GitOpsMl.Onnx;
using GitOpsMl.Onnx.Proto;
using GitOpsMl.Training.Export;
using static TorchSharp.torch;
using UnknownCategory = GitOpsMl.Api.Kinds.UnknownCategory;

namespace GitOpsMl.Training.Tests.Export;

/// <summary>
/// Folding the feature transforms into the first dense layer: the arithmetic on a hand-checked case, the folded graph
/// against the C# transforms times the layer on hostile rows, and the node count of the churn-shaped model.
/// </summary>
public class InputLayerFoldTests
{
    // x: standardize (2, 4); m: median impute with indicator; c: one-hot over [a, b] with an "other" slot.
    // Outputs: x → 0, m → 1, m__missing → 2, c=a → 3, c=b → 4, c=__other__ → 5.
    private static readonly FittedFeaturePipeline Small = new()
    {
        Features =
        [
            new FittedNumericFeature { Column = "x", ColumnType = ColumnType.Float, Steps = [new StandardizeStep(2, 4)] },
            new FittedNumericFeature { Column = "m", ColumnType = ColumnType.Float, Steps = [new ImputeStep(ImputeStrategy.Median, 5, Indicator: true)] },
            new FittedCategoricalFeature { Column = "c", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["a", "b"], UnknownCategory.Other, 100) },
        ],
    };

    private static readonly float[] SmallWeight = [1, 2, 3, 4, 5, 6, -1, 0, 1, 0, -2, 0.5f];
    private static readonly float[] SmallBias = [10, 20];

    [Fact]
    public void A_trailing_standardize_becomes_weights_over_the_std_and_a_bias_shift_and_a_one_hot_becomes_table_rows()
    {
        var fold = InputLayerFold.Plan(Small, SmallWeight, SmallBias, outputs: 2);

        Assert.Equal([(0, false), (1, false), (1, true)], fold.Dense.Select(d => (d.Feature, d.Indicator)));
        Assert.Empty(fold.Dense[0].Steps);
        Assert.IsType<ImputeStep>(Assert.Single(fold.Dense[1].Steps));
        Assert.All(fold.Dense, d => Assert.Equal(0f, d.Shift));
        // W' = W·diag(1/4, 1, 1) over x, m, m__missing.
        Assert.Equal([0.25f, 2, 3, -0.25f, 0, 1], fold.DenseWeights);
        Assert.Null(fold.Bias);

        // One categorical: the joint table is its block (a, b, other, none) plus b' = b − W[:, x]·2/4 = [9.5, 20.5].
        Assert.True(fold.Joint);
        var lookup = Assert.Single(fold.Lookups);
        Assert.Equal(["a", "b"], lookup.Keys);
        Assert.Equal([0L, 1L], lookup.Rows);
        Assert.Equal(2L, lookup.DefaultRow);
        Assert.Equal(4, fold.TableRows);
        Assert.Equal([13.5f, 20.5f, 14.5f, 18.5f, 15.5f, 21f, 9.5f, 20.5f], fold.Table);

        // x = 6, m missing, c unseen: C# features [1, 5, 1, 0, 0, 1] → W·f + b = [30, 20.5]; folded: 0.25·6 + 2·5 + 3 + 15.5 = 30.
        Assert.Equal(30f, 0.25f * 6 + 2 * 5 + 3 * 1 + fold.Table[2 * 2]);
        Assert.Equal(20.5f, -0.25f * 6 + 0 * 5 + 1 * 1 + fold.Table[2 * 2 + 1]);
    }

    [Fact]
    public void A_large_offset_stays_in_the_graph_and_separate_tables_carry_the_bias_in_the_first_block()
    {
        var pipeline = Small with
        {
            Features = [new FittedNumericFeature { Column = "x", ColumnType = ColumnType.Float, Steps = [new StandardizeStep(2000, 4)] }, .. Small.Features.Skip(1)],
        };
        var fold = InputLayerFold.Plan(pipeline, SmallWeight, SmallBias, outputs: 2, maxJointTableFloats: 0);

        // |2000 / 4| > MaxFoldedShift: v − 2000 is computed first, only the division is folded, the bias is unchanged.
        Assert.Equal(2000f, fold.Dense[0].Shift);
        Assert.Equal([0.25f, 2, 3, -0.25f, 0, 1], fold.DenseWeights);
        Assert.False(fold.Joint);
        Assert.Equal([14f, 20f, 15f, 18f, 16f, 20.5f, 10f, 20f], fold.Table);
    }

    [Fact]
    public void A_joint_table_row_is_the_sum_of_one_row_per_lookup_indexed_by_place_values()
    {
        var pipeline = new FittedFeaturePipeline
        {
            Features =
            [
                new FittedCategoricalFeature { Column = "p", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["u", "v"], UnknownCategory.Ignore, 100) },
                new FittedCategoricalFeature
                {
                    Column = "q", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["s"], UnknownCategory.Ignore, 100),
                    Impute = new CategoricalImputeStep(ImputeStrategy.MostFrequent, "s", Indicator: true),
                },
            ],
        };
        // Outputs p=u, p=v, q=s, q__missing; one output; bias 100.
        var fold = InputLayerFold.Plan(pipeline, [1, 2, 4, 8], [100], outputs: 1);

        // p's block: u, v, none (3 rows); q's block: s, none, "" = s + indicator (3 rows); place values 3 and 1.
        Assert.Equal(9, fold.TableRows);
        Assert.Equal([0L, 3L], fold.Lookups[0].Rows);
        Assert.Equal(6L, fold.Lookups[0].DefaultRow);
        Assert.Equal(["s", ""], fold.Lookups[1].Keys);
        Assert.Equal([0L, 2L], fold.Lookups[1].Rows);
        Assert.Equal(1L, fold.Lookups[1].DefaultRow);
        Assert.Equal([105f, 101f, 113f, 106f, 102f, 114f, 104f, 100f, 112f], fold.Table);
    }

    [Fact]
    public void The_block_layout_reads_the_values_then_one_indicator_row_per_value_with_zeros_where_a_column_has_none()
    {
        var fold = InputLayerFold.Plan(Small, SmallWeight, SmallBias, outputs: 2);

        // Dense [x, m, m__missing] = W' [[0.25, 2, 3], [-0.25, 0, 1]] → rows x, m, x's indicator (none: 0), m's indicator.
        Assert.Equal([0.25f, 2, 0, 3, -0.25f, 0, 0, 1], FoldedInputExporter.BlockWeights(fold));
    }

    [Theory]
    [InlineData(true, FoldedNumericLayout.PerColumn)]
    [InlineData(false, FoldedNumericLayout.PerColumn)]
    [InlineData(true, FoldedNumericLayout.Block)]
    [InlineData(false, FoldedNumericLayout.Block)]
    public void The_folded_graph_computes_the_csharp_features_times_the_layer_on_hostile_rows(bool joint, FoldedNumericLayout layout)
    {
        var pipeline = new FittedFeaturePipeline
        {
            Features =
            [
                new FittedNumericFeature
                {
                    Column = "tenure", ColumnType = ColumnType.Float,
                    Steps = [new ImputeStep(ImputeStrategy.Median, 12, Indicator: true), new Log1pStep(), new StandardizeStep(2.5, 0.8)],
                },
                new FittedNumericFeature { Column = "calls", ColumnType = ColumnType.Int, Steps = [new ClipStep(0, 20), new MinMaxStep(0, 20)] },
                new FittedNumericFeature { Column = "year", ColumnType = ColumnType.Float, Steps = [new StandardizeStep(2015, 3)] },
                new FittedNumericFeature { Column = "raw", ColumnType = ColumnType.Float, Steps = [new StandardizeStep(1, 2), new ClipStep(-3, 3)] },
                new FittedCategoricalFeature
                {
                    Column = "plan", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["basic", "plus", "pro"], UnknownCategory.Other, 100),
                    Impute = new CategoricalImputeStep(ImputeStrategy.MostFrequent, "plus", Indicator: true),
                },
                new FittedCategoricalFeature { Column = "region", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["east", "north"], UnknownCategory.Ignore, 100) },
                new FittedCategoricalFeature
                {
                    Column = "city", ColumnType = ColumnType.String,
                    Encoding = new HashBucketEncoding(3, ["lyon", "metz", "paris"], [2, 0, 2]),
                },
            ],
        };
        const int outputs = 5;
        var rng = new Random(3);
        var weight = Enumerable.Range(0, outputs * pipeline.Width).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var bias = Enumerable.Range(0, outputs).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var fold = InputLayerFold.Plan(pipeline, weight, bias, outputs, joint ? InputLayerFold.MaxJointTableFloats : 0);
        Assert.Equal(joint, fold.Joint);

        var graph = new OnnxGraphBuilder();
        graph.AddOutput("hidden", TensorElementType.Float, FoldedInputExporter.Append(graph, pipeline, fold, layout), outputs);
        var rows = HostileRows(600, rng);
        using var runner = new OnnxTableRunner(graph.ToBytes());
        var (onnx, width) = runner.Run(rows);

        var features = pipeline.Transform(rows);
        Assert.Equal(outputs, width);
        for (var r = 0; r < rows.RowCount; r++)
        {
            for (var o = 0; o < outputs; o++)
            {
                double expected = bias[o];
                for (var i = 0; i < pipeline.Width; i++)
                {
                    expected += (double)weight[o * pipeline.Width + i] * features.Values[r * pipeline.Width + i];
                }
                var actual = onnx[r * outputs + o];
                Assert.True(Math.Abs(actual - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"row {r}, output {o}: C# {expected} vs ONNX {actual}");
            }
        }
    }

    [Fact]
    public void The_churn_shaped_model_is_folded_into_few_nodes_with_the_same_inputs_and_outputs()
    {
        var pipeline = new FittedFeaturePipeline
        {
            Features =
            [
                new FittedNumericFeature
                {
                    Column = "tenure_months", ColumnType = ColumnType.Float,
                    Steps = [new ImputeStep(ImputeStrategy.Median, 12, Indicator: true), new Log1pStep(), new StandardizeStep(2.5, 0.8)],
                },
                new FittedNumericFeature { Column = "monthly_charges", ColumnType = ColumnType.Float, Steps = [new StandardizeStep(64, 30)] },
                new FittedNumericFeature { Column = "support_calls", ColumnType = ColumnType.Int, Steps = [new ClipStep(0, 15), new StandardizeStep(2, 1.5)] },
                new FittedCategoricalFeature { Column = "plan", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["basic", "plus", "pro"], UnknownCategory.Other, 100) },
                new FittedCategoricalFeature { Column = "region", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["east", "north", "south", "west"], UnknownCategory.Ignore, 100) },
                new FittedCategoricalFeature { Column = "contract", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["annual", "monthly"], UnknownCategory.Ignore, 100) },
            ],
        };
        var algorithm = new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [32, 16] } };
        using var network = new TrainedNetwork(NetworkFactory.Create(algorithm, pipeline.Width, 1, seed: 1), PredictionTask.Binary, pipeline.Width, 2, null, CPU);
        var labels = new Data.Labels.FittedLabelEncoder { Column = "churned", Task = PredictionTask.Binary, ColumnType = ColumnType.Bool, Classes = ["false", "true"] };

        var model = ModelProto.Parser.ParseFrom(ModelExporter.Export("churn", pipeline, network, labels));
        var ops = model.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());

        // tenure: IsNaN, Where, Relu, Add, Log, Cast (indicator); support_calls: Clip; dense inputs: Concat; plan, region,
        // contract: LabelEncoder ×3, Add ×2 (joint row), Gather, Flatten (15 nodes); the network: Gemm ×3, Relu ×2, Sigmoid, Sub,
        // Concat, Identity (9 nodes).
        Assert.Equal(24, model.Graph.Node.Count);
        Assert.Equal(3, ops["LabelEncoder"]);
        Assert.Equal(1, ops["Gather"]);
        Assert.Equal(3, ops["Gemm"]);
        Assert.DoesNotContain("Equal", ops.Keys);
        Assert.DoesNotContain("Transpose", ops.Keys);
        Assert.DoesNotContain("Div", ops.Keys);
        Assert.Equal(pipeline.Features.Select(f => f.Column), model.Graph.Input.Select(i => i.Name));
        Assert.Equal([OutputHeadOps.ProbabilitiesOutput], model.Graph.Output.Select(o => o.Name));

        // Every constant operand of an elementwise op on [N, k] values is [1, 1], never rank 0 or [1]: ONNX Runtime takes a
        // slow broadcast path when the ranks differ (about 1.9 µs per op at batch 256 instead of 0.1).
        var constants = model.Graph.Initializer.ToDictionary(t => t.Name, t => t.Dims.ToArray());
        var elementwise = model.Graph.Node.Where(n => n.OpType is "Add" or "Sub" or "Mul" or "Div" or "Where").ToList();
        Assert.Equal(["Add", "Sub", "Where"], elementwise.Where(n => n.Domain == "").Select(n => n.OpType).Distinct().Order());
        Assert.All(elementwise.SelectMany(n => n.Input).Where(constants.ContainsKey), name => Assert.Equal([1L, 1L], constants[name]));
    }

    [Fact]
    public void Many_numeric_columns_that_share_their_steps_are_folded_as_one_block()
    {
        // Eight columns, each median-imputed with an indicator, then standardized; one categorical.
        var pipeline = new FittedFeaturePipeline
        {
            Features =
            [
                .. Enumerable.Range(0, 8).Select(i => new FittedNumericFeature
                {
                    Column = $"n{i}", ColumnType = ColumnType.Float,
                    Steps = [new ImputeStep(ImputeStrategy.Median, i, Indicator: true), new StandardizeStep(i, 1 + i)],
                }),
                new FittedCategoricalFeature { Column = "plan", ColumnType = ColumnType.Category, Encoding = new OneHotEncoding(["basic", "pro"], UnknownCategory.Ignore, 100) },
            ],
        };
        var algorithm = new AlgorithmSpec { Mlp = new MlpSpec { HiddenLayers = [16] } };
        using var network = new TrainedNetwork(NetworkFactory.Create(algorithm, pipeline.Width, 1, seed: 1), PredictionTask.Binary, pipeline.Width, 2, null, CPU);
        var labels = new Data.Labels.FittedLabelEncoder { Column = "y", Task = PredictionTask.Binary, ColumnType = ColumnType.Bool, Classes = ["false", "true"] };

        var model = ModelProto.Parser.ParseFrom(ModelExporter.Export("wide", pipeline, network, labels));
        var ops = model.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());

        // Numeric: Concat (axis 0) + Reshape into [8, N], IsNaN, Where (impute), Cast (indicators), Concat of the two blocks;
        // plan: LabelEncoder, Gather, Flatten; the folded Gemm (transA) and the network: Relu, Gemm, Sigmoid, Sub, Concat,
        // Identity. Column by column the numeric part alone would be 8 × (IsNaN, Where, Cast) + Concat = 25 nodes.
        Assert.Equal(16, model.Graph.Node.Count);
        Assert.Equal(["Cast", "Concat", "Concat", "Concat", "Flatten", "Gather", "Gemm", "Gemm", "Identity", "IsNaN", "LabelEncoder", "Relu", "Reshape", "Sigmoid", "Sub", "Where"], model.Graph.Node.Select(n => n.OpType).Order());
        Assert.Equal(1, ops["IsNaN"]);
        Assert.Equal(1, ops["Where"]);
        Assert.Equal(1, ops["Cast"]);
        var first = model.Graph.Node.First(n => n.OpType == "Gemm");
        Assert.Contains(first.Attribute, a => a.Name == "transA" && a.I == 1);
        Assert.Equal(pipeline.Features.Select(f => f.Column), model.Graph.Input.Select(i => i.Name));
    }

    private static Table HostileRows(int n, Random rng)
    {
        string?[] plans = ["basic", "plus", "pro", "enterprise", "", null], regions = ["east", "north", "south", ""], cities = ["lyon", "metz", "paris", "nice", ""];
        var tenure = new double[n]; var calls = new double[n]; var year = new double[n]; var raw = new double[n];
        var plan = new string?[n]; var region = new string?[n]; var city = new string?[n];
        for (var i = 0; i < n; i++)
        {
            tenure[i] = rng.Next(8) switch { 0 => double.NaN, 1 => -rng.NextDouble() * 50, 2 => rng.NextDouble() * 1e6, _ => rng.NextDouble() * 60 };
            calls[i] = rng.Next(5) == 0 ? 500 + rng.Next(1000) : rng.Next(0, 12);
            year[i] = 2000 + rng.NextDouble() * 30;
            raw[i] = rng.NextDouble() * 40 - 20;
            plan[i] = plans[rng.Next(plans.Length)];
            region[i] = regions[rng.Next(regions.Length)];
            city[i] = cities[rng.Next(cities.Length)];
        }
        return Table.Of(
            new NumericColumn("tenure", ColumnType.Float, tenure), new NumericColumn("calls", ColumnType.Int, calls),
            new NumericColumn("year", ColumnType.Float, year), new NumericColumn("raw", ColumnType.Float, raw),
            new StringColumn("plan", ColumnType.Category, plan), new StringColumn("region", ColumnType.Category, region),
            new StringColumn("city", ColumnType.String, city));
    }
}
