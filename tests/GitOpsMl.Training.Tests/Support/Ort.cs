using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GitOpsMl.Training.Tests.Support;

/// <summary>Runs a network-only graph in ONNX Runtime.</summary>
public static class Ort
{
    public static float[] Run(byte[] model, string output, float[] features, int rows, int width)
    {
        using var session = new InferenceSession(model);
        var input = NamedOnnxValue.CreateFromTensor(
            Training.NetworkExporter.FeaturesInput, new DenseTensor<float>(features, [rows, width]));
        using var results = session.Run([input], [output]);
        return results.Single().AsTensor<float>().ToArray();
    }
}
