namespace GitOpsMl.Data.Features;

/// <summary>
/// x → clamp(x, (float)Min, (float)Max); an absent bound does not clamp that side (ONNX: -inf or
/// +inf as the Clip bound). ±infinity is clamped to a present bound; NaN stays NaN. Not fitted:
/// the bounds come from the spec.
/// </summary>
public sealed record ClipStep(double? Min, double? Max) : NumericStep
{
    public float Apply(float x)
    {
        if (Min is { } min && x < (float)min)
        {
            return (float)min;
        }
        if (Max is { } max && x > (float)max)
        {
            return (float)max;
        }
        return x;
    }
}
