using GitOpsMl.Api.Bundles;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Training.Export;
using GitOpsMl.Training.Reports;

namespace GitOpsMl.Training.Pipeline;

/// <summary>
/// Runs the exported model.onnx in ONNX Runtime on the raw test rows and compares with what
/// TorchSharp predicted from the C# features. A bundle is only written when they agree: this
/// is the proof, per model, that serving computes what training measured.
/// </summary>
public static class ParityChecker
{
    /// <summary>
    /// Absolute tolerance for probabilities; for regression values it is relative to |y| above 1,
    /// because float32 carries about 7 significant digits (an absolute 1e-5 on a demand of 300 is
    /// below one float32 step).
    /// </summary>
    public const double Tolerance = 1e-5;

    public static ParityCheck Check(byte[] model, LabeledSplit test, Prediction prediction)
    {
        using var runner = new OnnxTableRunner(model);
        var (onnx, width) = runner.Run(test.Raw);
        var torch = prediction.Task == PredictionTask.Regression ? prediction.Values! : prediction.Probabilities!;
        if (onnx.Length != torch.Length)
            throw new InvalidOperationException($"the exported model returns {onnx.Length / Math.Max(1, width)}x{width} values for {test.Rows} rows; TorchSharp returned {torch.Length}");
        double worst = 0;
        for (var i = 0; i < onnx.Length; i++)
        {
            var diff = Math.Abs((double)onnx[i] - torch[i]);
            if (prediction.Task == PredictionTask.Regression) diff /= Math.Max(1.0, Math.Abs(torch[i]));
            if (double.IsNaN(diff)) diff = double.PositiveInfinity;
            worst = Math.Max(worst, diff);
        }
        return new ParityCheck(test.Rows, worst, Tolerance);
    }
}
