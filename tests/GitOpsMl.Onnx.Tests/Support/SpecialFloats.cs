namespace GitOpsMl.Onnx.Tests.Support;

/// <summary>Inputs every numeric spec runs on: missing, infinities, zeros, tiny, huge and ordinary values.</summary>
public static class SpecialFloats
{
    public static readonly float[] Column =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 1f, -1f, 0.5f, -0.5f,
        2.75f, -3.25f, 1e-7f, -1e-7f, 1e6f, -1e6f, 123.456f, -987.654f, float.MaxValue, float.MinValue,
        float.Epsilon, 42f, -42f,
    ];

    public static readonly float[] Finite = Column.Where(float.IsFinite).ToArray();
}
