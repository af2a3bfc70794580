using GitOpsMl.Data.Splitting;
using GitOpsMl.Training;

namespace GitOpsMl.Training.Tests.Support;

/// <summary>Small seeded synthetic problems with a known, learnable structure.</summary>
public static class Synthetic
{
    public const int Width = 8;

    /// <summary>Standard normal features, row-major [rows, width].</summary>
    public static float[] Features(int rows, int width, ulong seed)
    {
        var random = new SplitMix64(seed);
        var values = new float[rows * width];
        for (var i = 0; i < values.Length; i++) values[i] = Normal(random);
        return values;
    }

    /// <summary>y = 1 when 1.5·x0 − x1 + 0.5·x2·x3 + noise &gt; 0.2 (about 45 % positive).</summary>
    public static TrainingData Binary(int rows, ulong seed, int width = Width)
    {
        var x = Features(rows, width, seed);
        var noise = new SplitMix64(seed ^ 0xB1B1);
        var y = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * width, width);
            var score = 1.5f * row[0] - row[1] + 0.5f * row[2] * row[3] + 0.3f * Normal(noise);
            y[r] = score > 0.2f ? 1f : 0f;
        }
        return TrainingData.Binary(x, width, y);
    }

    /// <summary>Three classes: the arg-max of three linear scores plus noise.</summary>
    public static TrainingData Multiclass(int rows, ulong seed, int width = Width)
    {
        var x = Features(rows, width, seed);
        var noise = new SplitMix64(seed ^ 0xC1C1);
        var y = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * width, width);
            Span<float> s = [row[0] + 0.5f * row[1], -row[0] + row[2], 0.8f * row[1] - row[2] + 0.2f];
            for (var c = 0; c < 3; c++) s[c] += 0.2f * Normal(noise);
            y[r] = s.IndexOf(MathF.Max(s[0], MathF.Max(s[1], s[2])));
        }
        return TrainingData.Multiclass(x, width, y, 3);
    }

    /// <summary>
    /// Five classes drawn with frequencies 80 / 8 / 6 / 4 / 2 %; class c &gt; 0 shifts feature c − 1 by +1.2, so the
    /// minority classes are only partly recognizable and always guessing class 0 is a strong trivial answer.
    /// <paramref name="signal"/> 0 gives features that say nothing about the class.
    /// </summary>
    public static TrainingData ImbalancedMulticlass(int rows, ulong seed, float signal = 1.2f, int width = Width)
    {
        double[] cumulative = [0.80, 0.88, 0.94, 0.98, 1.0];
        var x = Features(rows, width, seed);
        var draw = new SplitMix64(seed ^ 0xE1E1);
        var y = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            var u = draw.NextDouble();
            var c = 0;
            while (u >= cumulative[c]) c++;
            y[r] = c;
            if (c > 0) x[r * width + c - 1] += signal;
        }
        return TrainingData.Multiclass(x, width, y, cumulative.Length);
    }

    /// <summary>y = 10 + 2·x0 − x1 + 0.5·x2² + 0.1·noise: a target far from mean 0 / std 1, so scaling matters.</summary>
    public static TrainingData Regression(int rows, ulong seed, int width = Width, float noiseScale = 0.1f)
    {
        var x = Features(rows, width, seed);
        var noise = new SplitMix64(seed ^ 0xD1D1);
        var y = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * width, width);
            y[r] = 10f + 2f * row[0] - row[1] + 0.5f * row[2] * row[2] + noiseScale * Normal(noise);
        }
        return TrainingData.Regression(x, width, y);
    }

    private static float Normal(SplitMix64 random)
    {
        // Box–Muller; 1 - u keeps the logarithm's argument in (0, 1].
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
