using GitOpsMl.Serving.Models;
using Microsoft.ML.OnnxRuntime;

namespace GitOpsMl.Serving.Inference;

/// <summary>
/// Runs one model version: concatenates the rows of several requests into [N,1] tensors (one per
/// raw column), calls Run() once and returns the output row-major as float [N, width].
/// Checks on construction that model.onnx has exactly the inputs and output the manifest declares.
/// </summary>
public sealed class OrtModelRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ModelSchema _schema;
    private readonly string[] _outputNames;
    /// <summary>
    /// Most rows in one ONNX Runtime run: a larger request runs in consecutive runs of this many
    /// rows. ONNX Runtime's intermediate tensors (and the arena that keeps them) then stay the size
    /// of one chunk however large the request; a multiple of every padding size, so each row keeps
    /// its SIMD position and the answers are the same bit for bit.
    /// </summary>
    public const int MaxRunRows = 4096;

    private readonly RunOptions _runOptions = new();

    private readonly int _padRowsTo;

    public OrtModelRunner(InferenceSession session, ModelSchema schema, int padRowsTo = 16)
    {
        _session = session;
        _padRowsTo = Math.Max(1, padRowsTo);
        _schema = schema;
        _outputNames = [schema.OnnxOutput];
        CheckSignature();
    }

    public ModelSchema Schema => _schema;


    /// <summary>
    /// Runs the rows of <paramref name="items"/> as one batch; returns float [totalRows, OutputWidth] row-major.
    /// The tensors are padded to a multiple of padRowsTo rows (zeros and empty strings, results
    /// discarded): ONNX Runtime's element-wise kernels compute whole SIMD packets and a scalar tail
    /// whose rounding differs by an ulp, so without padding a row's answer would depend on where it
    /// sits in the batch. With padding no real row is ever in the tail, and batched == unbatched exactly.
    /// </summary>
    public float[] Run(IReadOnlyList<RowBatch> items, int totalRows)
    {
        if (totalRows <= MaxRunRows || items.Count != 1) return RunPadded(items, totalRows);
        // One large request (batches merge at most maxBatchSize rows): run it in chunks.
        var width = _schema.OutputWidth;
        var result = new float[totalRows * width];
        for (var start = 0; start < totalRows; start += MaxRunRows)
        {
            var rows = Math.Min(MaxRunRows, totalRows - start);
            RunPadded([items[0].Slice(start, rows)], rows).CopyTo(result.AsSpan(start * width));
        }
        return result;
    }

    private float[] RunPadded(IReadOnlyList<RowBatch> items, int totalRows)
    {
        var columns = _schema.Inputs.Count;
        var values = new OrtValue[columns];
        var padded = (totalRows + _padRowsTo - 1) / _padRowsTo * _padRowsTo;
        try
        {
            long[] shape = [padded, 1];
            for (var c = 0; c < columns; c++)
            {
                var input = _schema.Inputs[c];
                values[c] = input.IsNumeric ? OrtValue.CreateTensorValueFromMemory(Join(items, b => b.Numbers[c]!, padded), shape)
                    : input.IsTimestamp ? OrtValue.CreateTensorValueFromMemory(Join(items, b => b.Seconds[c]!, padded), shape)
                    : StringTensor(items, c, shape);
            }
            using var outputs = _session.Run(_runOptions, _schema.InputNames, values, _outputNames);
            var output = outputs[0];
            var data = output.GetTensorDataAsSpan<float>();
            var expected = padded * _schema.OutputWidth;
            if (data.Length != expected)
            {
                throw new InvalidOperationException($"model output {_schema.OnnxOutput} has {data.Length} values, expected {expected}");
            }
            return data[..(totalRows * _schema.OutputWidth)].ToArray();
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    private static T[] Join<T>(IReadOnlyList<RowBatch> items, Func<RowBatch, T[]> column, int paddedRows)
    {
        if (items.Count == 1 && items[0].Rows == paddedRows) return column(items[0]);
        var joined = new T[paddedRows];
        var at = 0;
        foreach (var item in items)
        {
            var src = column(item);
            src.AsSpan().CopyTo(joined.AsSpan(at));
            at += src.Length;
        }
        return joined;
    }

    private static OrtValue StringTensor(IReadOnlyList<RowBatch> items, int column, long[] shape)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        var at = 0;
        foreach (var item in items)
        {
            foreach (var s in item.Strings[column]!)
            {
                value.StringTensorSetElementAt(s.AsSpan(), at++);
            }
        }
        return value;
    }

    private void CheckSignature()
    {
        foreach (var column in _schema.Inputs)
        {
            if (!_session.InputMetadata.TryGetValue(column.Name, out var meta))
            {
                throw new InvalidDataException($"model.onnx has no input '{column.Name}' declared in manifest.json");
            }
            var expectedType = column.IsNumeric ? typeof(float) : column.IsTimestamp ? typeof(double) : typeof(string);
            if (meta.ElementType != expectedType)
            {
                throw new InvalidDataException($"model.onnx input '{column.Name}' is {meta.ElementType.Name}, manifest.json declares {column.Kind} ({expectedType.Name})");
            }
            if (meta.Dimensions.Length != 2 || meta.Dimensions[1] is not (1 or -1))
            {
                throw new InvalidDataException($"model.onnx input '{column.Name}' has shape [{string.Join(",", meta.Dimensions)}], expected [N,1]");
            }
        }
        var extra = _session.InputMetadata.Keys.Where(k => _schema.Find(k) is null).ToArray();
        if (extra.Length > 0)
        {
            throw new InvalidDataException($"model.onnx has inputs not declared in manifest.json: {string.Join(", ", extra)}");
        }
        if (!_session.OutputMetadata.TryGetValue(_schema.OnnxOutput, out var output))
        {
            throw new InvalidDataException($"model.onnx has no output '{_schema.OnnxOutput}' (outputs: {string.Join(", ", _session.OutputMetadata.Keys)})");
        }
        if (output.ElementType != typeof(float) || output.Dimensions.Length != 2 || output.Dimensions[1] is not -1 && output.Dimensions[1] != _schema.OutputWidth)
        {
            throw new InvalidDataException($"model.onnx output '{_schema.OnnxOutput}' must be float [N,{_schema.OutputWidth}], got {output.ElementType.Name} [{string.Join(",", output.Dimensions)}]");
        }
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
