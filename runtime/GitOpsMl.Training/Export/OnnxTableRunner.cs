using GitOpsMl.Data.Features;
using GitOpsMl.Data.Tables;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GitOpsMl.Training.Export;

/// <summary>
/// Runs an exported model over a table's raw columns in ONNX Runtime, exactly as a server feeds
/// it (numeric → float [N,1] with NaN for missing, categorical → string [N,1] with "" for
/// missing, timestamp → double [N,1] Unix seconds with NaN for missing). Used to prove, for every bundle, that the served graph reproduces training.
/// </summary>
public sealed class OnnxTableRunner : IDisposable
{
    private readonly InferenceSession session;

    public OnnxTableRunner(byte[] model, int threads = 1)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        session = new InferenceSession(model, options);
    }

    /// <summary>Row-major output [rows, width] of the single output of the model.</summary>
    public (float[] Values, int Width) Run(Table table)
    {
        var inputs = new List<NamedOnnxValue>();
        foreach (var (name, meta) in session.InputMetadata)
        {
            var column = table[name];
            inputs.Add(meta.ElementDataType switch
            {
                TensorElementType.String => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(Strings(column), [table.RowCount, 1])),
                TensorElementType.Double => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(Seconds(column), [table.RowCount, 1])),
                _ => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(Floats(column), [table.RowCount, 1])),
            });
        }
        using var results = session.Run(inputs);
        var output = results[0].AsTensor<float>();
        var width = output.Dimensions.Length > 1 ? output.Dimensions[1] : 1;
        return (output.ToArray(), width);
    }

    private static float[] Floats(TableColumn column) => column switch
    {
        NumericColumn n => n.Values.Select(v => (float)v).ToArray(),
        _ => throw new ArgumentException($"column {column.Name} is not numeric"),
    };

    private static double[] Seconds(TableColumn column) => column switch
    {
        TimestampColumn t => t.Values.Select(DatetimeQuantities.Seconds).ToArray(),
        _ => throw new ArgumentException($"column {column.Name} is not a timestamp"),
    };

    private static string[] Strings(TableColumn column) => column switch
    {
        StringColumn s => s.Values.Select(v => v ?? "").ToArray(),
        _ => throw new ArgumentException($"column {column.Name} is not categorical"),
    };

    public void Dispose() => session.Dispose();
}
