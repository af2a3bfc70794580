namespace GitOpsMl.Controllers.Planning;

/// <summary>The replicas to run and the recommendation history to pass to the next decision.</summary>
public sealed record ScalePlan(int Replicas, int Recommended, IReadOnlyList<ScaleRecommendation> History);
