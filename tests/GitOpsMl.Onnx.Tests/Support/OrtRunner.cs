using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GitOpsMl.Onnx.Tests.Support;

/// <summary>Loads model bytes into ONNX Runtime and runs them on [N,1] column inputs.</summary>
public static class OrtRunner
{
    public static NamedOnnxValue FloatColumn(string name, params float[] values) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, [values.Length, 1]));

    public static NamedOnnxValue StringColumn(string name, params string[] values) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(values, [values.Length, 1]));

    public static NamedOnnxValue FloatMatrix(string name, float[] values, int rows, int columns) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(values, [rows, columns]));

    public static OrtResult<T> RunSingle<T>(byte[] model, string outputName, params NamedOnnxValue[] inputs)
    {
        using var session = new InferenceSession(model);
        using var results = session.Run(inputs, [outputName]);
        var tensor = results.Single().AsTensor<T>();
        return new OrtResult<T>(tensor.ToArray(), tensor.Dimensions.ToArray());
    }

    public static OrtResult<float> RunFloat(byte[] model, string outputName, params NamedOnnxValue[] inputs) =>
        RunSingle<float>(model, outputName, inputs);
}
