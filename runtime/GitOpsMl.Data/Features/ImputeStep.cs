using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Features;

/// <summary>
/// x → IsNaN(x) ? (float)Fill : x. Only NaN is missing: ±infinity passes through unchanged.
/// Always the first step of a column. With <see cref="Indicator"/>, the feature also emits
/// "&lt;column&gt;__missing" = 1 if the RAW value is NaN else 0 (computed before any step).
/// </summary>
/// <param name="Strategy">How <see cref="Fill"/> was fitted on the finite training values:
/// mean; median (type-7 0.5 quantile, the mean of the two middle values for even n); constant
/// (spec value); mostFrequent (ties → the smallest value).</param>
/// <param name="Implicit">True when the spec gave no impute step and the fitter added impute(mean)
/// because the column is nullable; recorded so nothing about the pipeline is hidden.</param>
public sealed record ImputeStep(ImputeStrategy Strategy, double Fill, bool Indicator = false, bool Implicit = false) : NumericStep
{
    public float Apply(float x) => float.IsNaN(x) ? (float)Fill : x;
}
