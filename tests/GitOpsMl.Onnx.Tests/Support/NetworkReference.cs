namespace GitOpsMl.Onnx.Tests.Support;

/// <summary>Plain C# (double precision) definitions of the network layers, the yardstick for ONNX Runtime.</summary>
public static class NetworkReference
{
    public static double Relu(double x) => x > 0 ? x : (double.IsNaN(x) ? x : 0);

    public static double LeakyRelu(double x, double alpha) => x >= 0 || double.IsNaN(x) ? x : alpha * x;

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    public static double Gelu(double x) => double.IsNegativeInfinity(x) ? 0 : 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>.NET has no erf: Maclaurin series near 0, Laplace continued fraction for erfc further out.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }
        var a = Math.Abs(x);
        double result;
        if (a < 2.5)
        {
            double sum = 0, term = a;
            for (var n = 0; n < 200 && Math.Abs(term) > 1e-17; n++)
            {
                sum += term / (2 * n + 1);
                term *= -a * a / (n + 1);
            }
            result = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else if (double.IsInfinity(a))
        {
            result = 1;
        }
        else
        {
            var t = a;
            for (var k = 200; k >= 1; k--)
            {
                t = a + k / 2.0 / t;
            }
            result = 1 - Math.Exp(-a * a) / Math.Sqrt(Math.PI) / t;
        }
        return x < 0 ? -result : result;
    }

    public static double[] Softmax(IReadOnlyList<double> row)
    {
        var max = row.Max();
        var exps = row.Select(v => Math.Exp(v - max)).ToArray();
        var total = exps.Sum();
        return exps.Select(e => e / total).ToArray();
    }

    /// <summary>y = x · W + b with W row-major [in, out].</summary>
    public static double[] Dense(IReadOnlyList<double> x, IReadOnlyList<float> weightsInOut, IReadOnlyList<float>? bias, int outFeatures)
    {
        var y = new double[outFeatures];
        for (var o = 0; o < outFeatures; o++)
        {
            double sum = bias?[o] ?? 0;
            for (var i = 0; i < x.Count; i++)
            {
                sum += x[i] * weightsInOut[i * outFeatures + o];
            }
            y[o] = sum;
        }
        return y;
    }

    /// <summary>Row-major [rows, columns] → [columns, rows].</summary>
    public static float[] Transpose(IReadOnlyList<float> matrix, int rows, int columns)
    {
        var result = new float[matrix.Count];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[c * rows + r] = matrix[r * columns + c];
            }
        }
        return result;
    }
}
