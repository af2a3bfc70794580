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
    private readonly InferenceSession _session;

    public OnnxTableRunner(byte[] model, int threads = 1)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        _session = new InferenceSession(model, options);
    }

    /// <summary>
    /// Rows per session run. Inside the graph each run holds its rows at the encoded width (one-hot included) several
    /// times over (and ONNX Runtime's arena keeps its high-water mark), so a whole test split in one run would cost
    /// rows × width × a few floats; batches bound that.
    /// Rows are computed independently, so the output does not depend on the batch size.
    /// </summary>
    public const int DefaultBatchSize = 16384;

    /// <summary>Row-major output [rows, width] of the single output of the model, computed <paramref name="batchSize"/> rows at a time.</summary>
    public (float[] Values, int Width) Run(Table table, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (table.RowCount <= batchSize) return RunBatch(table, 0, table.RowCount);
        float[]? values = null;
        var width = 0;
        for (var start = 0; start < table.RowCount; start += batchSize)
        {
            var (batch, batchWidth) = RunBatch(table, start, Math.Min(batchSize, table.RowCount - start));
            width = batchWidth;
            values ??= new float[checked(table.RowCount * width)];
            batch.CopyTo(values, (long)start * width);
        }
        return (values!, width);
    }

    private (float[] Values, int Width) RunBatch(Table table, int start, int rows)
    {
        var inputs = new List<NamedOnnxValue>();
        foreach (var (name, meta) in _session.InputMetadata)
        {
            var column = table[name];
            inputs.Add(meta.ElementDataType switch
            {
                TensorElementType.String => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(Strings(column, start, rows), [rows, 1])),
                TensorElementType.Double => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(Seconds(column, start, rows), [rows, 1])),
                _ => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(Floats(column, start, rows), [rows, 1])),
            });
        }
        using var results = _session.Run(inputs);
        var output = results[0].AsTensor<float>();
        var width = output.Dimensions.Length > 1 ? output.Dimensions[1] : 1;
        return (output.ToArray(), width);
    }

    private static float[] Floats(TableColumn column, int start, int rows) => column switch
    {
        NumericColumn n => n.Values.Skip(start).Take(rows).Select(v => (float)v).ToArray(),
        _ => throw new ArgumentException($"column {column.Name} is not numeric"),
    };

    private static double[] Seconds(TableColumn column, int start, int rows) => column switch
    {
        TimestampColumn t => t.Values.Skip(start).Take(rows).Select(DatetimeQuantities.Seconds).ToArray(),
        _ => throw new ArgumentException($"column {column.Name} is not a timestamp"),
    };

    private static string[] Strings(TableColumn column, int start, int rows) => column switch
    {
        StringColumn s => s.Values.Skip(start).Take(rows).Select(v => v ?? "").ToArray(),
        _ => throw new ArgumentException($"column {column.Name} is not categorical"),
    };

    public void Dispose() => _session.Dispose();
}
