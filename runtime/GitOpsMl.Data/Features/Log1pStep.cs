namespace GitOpsMl.Data.Features;

/// <summary>
/// x → Log(Max(x, 0) + 1) in float32 (ONNX: Relu, Add 1, Log; not the extra-accurate log1p near
/// 0, deliberately, since ONNX has no log1p). Negative values and -infinity give 0, +infinity
/// gives +infinity, NaN stays NaN. No constants.
/// </summary>
public sealed record Log1pStep : NumericStep
{
    public static float Apply(float x) => float.IsNaN(x) ? x : MathF.Log((x > 0f ? x : 0f) + 1f);
}
