using GitOpsMl.Api.Kinds;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GitOpsMl.Training;

/// <summary>
/// Eval-mode forward pass plus the task's head, shared by <see cref="Predictor"/> and the trainer's per-epoch
/// validation so both report exactly what the exported ONNX graph computes: sigmoid → [1 - p, p], softmax over
/// classes, or z · std + mean.
/// </summary>
internal static class NetworkOutputs
{
    /// <summary>
    /// Runs <paramref name="features"/> [N, width] (stored on any device) through the network in batches of
    /// <paramref name="batchSize"/> rows, each expanded on the network's device. The module is left in the
    /// training mode it had.
    /// </summary>
    public static Prediction Predict(
        Sequential module, PredictionTask task, int classes, TargetScaling? scaling, Device device, FeatureTensors features, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rows = features.Rows;
        var columns = task == PredictionTask.Regression ? 1 : classes;
        var output = new float[(long)rows * columns];
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            for (var start = 0; start < rows; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(batchSize, rows - start);
                var batch = features.Batch(start, length, device);
                var raw = module.forward(batch);
                var head = task switch
                {
                    PredictionTask.Binary => BinaryHead(raw),
                    PredictionTask.Multiclass => raw.softmax(1),
                    _ => raw,
                };
                var values = head.cpu().contiguous().data<float>().ToArray();
                Array.Copy(values, 0, output, (long)start * columns, values.LongLength);
            }
        }
        finally
        {
            module.train(wasTraining);
        }

        if (task == PredictionTask.Regression)
        {
            // De-standardize in float32, Mul then Add, as the ONNX graph does.
            for (var i = 0; i < output.Length; i++) output[i] = scaling!.Restore(output[i]);
            return new Prediction(task, rows, 0, null, output);
        }
        return new Prediction(task, rows, columns, output, null);
    }

    /// <summary>One logit → [1 - p, p], the same nodes BinaryProbabilities emits (Sigmoid, Sub from 1, Concat).</summary>
    private static Tensor BinaryHead(Tensor logit)
    {
        var p = logit.sigmoid();
        return cat([1 - p, p], 1);
    }
}
