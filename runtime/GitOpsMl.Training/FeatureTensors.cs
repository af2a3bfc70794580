using System.Runtime.InteropServices;
using GitOpsMl.Data.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace GitOpsMl.Training;

/// <summary>
/// <see cref="EncodedFeatures"/> as tensors: the dense columns as float32 [Rows, dense], the one-hot blocks as int64
/// column indices [Rows, blocks]. <see cref="Batch"/> expands a range of rows into the network's float32
/// [length, Width] input on the compute device, so only one mini-batch is ever held at the encoded width.
/// The expanded batch holds exactly the values <see cref="FittedFeaturePipeline.Transform"/> gives, contiguous,
/// so the forward pass — and every trained weight, metric and exported byte — is what the dense matrix gave.
/// </summary>
internal sealed class FeatureTensors : IDisposable
{
    private readonly Tensor? _dense;
    private readonly Tensor? _hot;
    private readonly Tensor? _denseColumns;
    private readonly bool _isDenseMatrix;
    private readonly bool _ownsColumns;

    private FeatureTensors(Tensor? dense, Tensor? hot, Tensor? denseColumns, int rows, int width, bool isDenseMatrix, bool ownsColumns = true)
    {
        _ownsColumns = ownsColumns;
        _dense = dense;
        _hot = hot;
        _denseColumns = denseColumns;
        Rows = rows;
        Width = width;
        _isDenseMatrix = isDenseMatrix;
    }

    public int Rows { get; }

    public int Width { get; }

    /// <summary>Where the stored rows live (the host, or the device they were uploaded to).</summary>
    public Device StorageDevice => (_dense ?? _hot)!.device;

    /// <summary>Host tensors of <paramref name="features"/>.</summary>
    public static FeatureTensors Create(EncodedFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.IsDenseMatrix)
            return new FeatureTensors(tensor(features.Dense, [features.Rows, features.Width], ScalarType.Float32), null, null, features.Rows, features.Width, true);
        var denseWidth = features.DenseColumns.Length;
        var dense = denseWidth == 0 ? null : tensor(features.Dense, [features.Rows, denseWidth], ScalarType.Float32);
        var denseColumns = denseWidth == 0 ? null : tensor(features.DenseColumns.Select(c => (long)c).ToArray(), [denseWidth], ScalarType.Int64);
        Tensor? hot = null;
        if (features.HotBlocks > 0)
        {
            // An all-zero block (-1) points at a scratch column past the last one, dropped when a batch is expanded.
            var indices = new long[features.Hot.Length];
            for (var i = 0; i < indices.Length; i++) indices[i] = features.Hot[i] >= 0 ? features.Hot[i] : features.Width;
            hot = tensor(indices, [features.Rows, features.HotBlocks], ScalarType.Int64);
        }
        return new FeatureTensors(dense, hot, denseColumns, features.Rows, features.Width, false);
    }

    /// <summary>Moves to <paramref name="device"/>; on a CUDA out-of-memory keeps the rows on the host (batches are then copied over).</summary>
    public FeatureTensors Upload(Device device)
    {
        if (device.type == DeviceType.CPU) return this;
        try
        {
            var moved = new FeatureTensors(_dense?.to(device), _hot?.to(device), _denseColumns?.to(device), Rows, Width, _isDenseMatrix);
            Dispose();
            return moved;
        }
        catch (ExternalException e) when (e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
        {
            return this;
        }
    }

    /// <summary>The rows at <paramref name="index"/> (int64, on the storage device), in that order; tensors join the current dispose scope.</summary>
    public FeatureTensors Select(Tensor index) =>
        new(_dense?.index_select(0, index), _hot?.index_select(0, index), _denseColumns, Rows, Width, _isDenseMatrix, ownsColumns: false);

    /// <summary>Rows [<paramref name="start"/>, start + <paramref name="length"/>) as contiguous float32 [length, Width] on <paramref name="device"/>.</summary>
    public Tensor Batch(int start, int length, Device device)
    {
        if (_isDenseMatrix) return _dense!.narrow(0, start, length).to(device);
        if (_dense is null)
        {
            // Only one-hot blocks: all-zero blocks land in a scratch column, cut off afterwards.
            var scratch = zeros([length, Width + 1], ScalarType.Float32, device);
            var hotOnly = _hot!.narrow(0, start, length).to(device);
            scratch.scatter_(1, hotOnly, ones(hotOnly.shape, ScalarType.Float32, device));
            return scratch.narrow(1, 0, Width).contiguous();
        }
        // All-zero blocks write a 0 into the first dense column, which the dense values then overwrite: no scratch
        // column, no copy. A one-hot column is never a dense column, so no real 1 is ever overwritten.
        var expanded = zeros([length, Width], ScalarType.Float32, device);
        var columns = _denseColumns!.to(device);
        if (_hot is not null)
        {
            var hot = _hot.narrow(0, start, length).to(device);
            var present = hot.lt(Width);
            expanded.scatter_(1, where(present, hot, columns[0]), present.to(ScalarType.Float32));
        }
        expanded.index_copy_(1, columns, _dense.narrow(0, start, length).to(device));
        return expanded;
    }

    /// <summary>Disposes the tensors; a <see cref="Select"/>ed copy leaves the column map it shares to its source.</summary>
    public void Dispose()
    {
        _dense?.Dispose();
        _hot?.Dispose();
        if (_ownsColumns) _denseColumns?.Dispose();
    }
}
