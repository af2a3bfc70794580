namespace GitOpsMl.Serving.Models;

/// <summary>
/// The effective routing of one model: what the routing file asked for, narrowed to the versions
/// that actually loaded. Problems (e.g. "canary v3 is not loaded") are reported in model status.
/// </summary>
public sealed record ModelRoute(ServedVersion Stable, ServedVersion? Canary, double CanaryWeight, bool Shadow, IReadOnlyList<string> Problems)
{
    public string Role(ServedVersion v) =>
        ReferenceEquals(v, Stable) ? "stable"
        : ReferenceEquals(v, Canary) ? (Shadow ? "shadow" : "canary")
        : "idle";

    /// <summary>Percent of the model's requests <paramref name="v"/> answers: a shadow and an idle version answer none.</summary>
    public double WeightOf(ServedVersion v) =>
        ReferenceEquals(v, Stable) ? (Canary is null || Shadow ? 100 : 100 - CanaryWeight)
        : ReferenceEquals(v, Canary) && !Shadow ? CanaryWeight
        : 0;
}
