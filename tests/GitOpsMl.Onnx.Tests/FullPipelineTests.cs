using GitOpsMl.Onnx.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace GitOpsMl.Onnx.Tests;

// The whole exported graph (raw columns in, probabilities out) runs in ONNX Runtime for any
// batch size and agrees with the C# computation row by row.
public class FullPipelineTests
{
    private static readonly (float Age, float Income, string City)[] Rows =
    [
        (35f, 42000f, "paris"),
        (float.NaN, 120000f, "berlin"),
        (71f, float.NaN, ""),
        (18f, -500f, "lisbon"),
        (float.PositiveInfinity, 1e9f, "tokyo"),
        (52.5f, 10000f, "Paris"),
        (0f, float.NegativeInfinity, "berlin"),
    ];

    private static OrtResult<float> Run(byte[] model, IReadOnlyList<(float Age, float Income, string City)> rows) =>
        OrtRunner.RunFloat(
            model,
            OutputHeadOps.ProbabilitiesOutput,
            OrtRunner.FloatColumn("age", rows.Select(r => r.Age).ToArray()),
            OrtRunner.FloatColumn("income", rows.Select(r => r.Income).ToArray()),
            OrtRunner.StringColumn("city", rows.Select(r => r.City).ToArray()));

    [Fact]
    public void Batch_of_7_matches_the_csharp_pipeline_row_by_row()
    {
        var actual = Run(ChurnPipeline.Export(), Rows);
        Assert.Equal([7, ChurnPipeline.Classes], actual.Shape);
        for (var row = 0; row < Rows.Length; row++)
        {
            var (age, income, city) = Rows[row];
            FloatAssert.AllClose(ChurnPipeline.Reference(age, income, city), actual.Row(row), $"row {row}");
            FloatAssert.Close(1.0, actual.Row(row).Sum(), $"row {row} sum");
        }
    }

    [Fact]
    public void Batch_of_1_gives_the_same_answer_as_inside_a_larger_batch()
    {
        var model = ChurnPipeline.Export();
        var batch = Run(model, Rows);
        for (var row = 0; row < Rows.Length; row++)
        {
            var single = Run(model, [Rows[row]]);
            Assert.Equal([1, ChurnPipeline.Classes], single.Shape);
            FloatAssert.AllClose(batch.Row(row), single.Data, $"row {row}");
        }
    }

    [Fact]
    public void Onnx_runtime_sees_symbolic_batch_dimensions_on_every_input_and_output()
    {
        using var session = new InferenceSession(ChurnPipeline.Export());
        Assert.Equal(["age", "income", "city"], session.InputNames);
        Assert.Equal(["probabilities"], session.OutputNames);
        foreach (var metadata in session.InputMetadata.Values.Concat(session.OutputMetadata.Values))
        {
            Assert.Equal(-1, metadata.Dimensions[0]);
            Assert.Equal("N", metadata.SymbolicDimensions[0]);
        }
        Assert.Equal(typeof(string), session.InputMetadata["city"].ElementType);
        Assert.Equal(ChurnPipeline.Classes, session.OutputMetadata["probabilities"].Dimensions[1]);
    }

    [Fact]
    public void Exporting_twice_is_byte_identical() => Assert.Equal(ChurnPipeline.Export(), ChurnPipeline.Export());
}
