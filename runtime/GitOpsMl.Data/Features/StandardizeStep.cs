namespace GitOpsMl.Data.Features;

/// <summary>
/// x → (x - (float)Mean) / (float)Std, Sub then Div in float32. Mean and Std are the mean and
/// population standard deviation (divide by n) of the finite training values reaching this step.
/// Std is stored as the divisor actually used: 1 when the fitted std is 0 (a constant column) or
/// would be 0 or infinite in float32. ±infinity stays ±infinity; NaN stays NaN.
/// </summary>
public sealed record StandardizeStep(double Mean, double Std) : NumericStep
{
    public float Apply(float x) => (x - (float)Mean) / (float)Std;
}
