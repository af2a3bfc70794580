using System.Text.Json.Serialization;

namespace GitOpsMl.Data.Features;

/// <summary>
/// x → (x - (float)Min) / range, range = (float)Max - (float)Min when (float)Max &gt; (float)Min,
/// else 1 (a constant column then maps to x - min). Min and Max are over the finite training
/// values reaching this step. No clipping: unseen values land outside [0, 1]; ±infinity stays
/// ±infinity; NaN stays NaN.
/// </summary>
public sealed record MinMaxStep(double Min, double Max) : NumericStep
{
    /// <summary>The float32 divisor; derived, so not serialized.</summary>
    [JsonIgnore]
    public float Range => (float)Max > (float)Min ? (float)Max - (float)Min : 1f;

    public float Apply(float x) => (x - (float)Min) / Range;
}
