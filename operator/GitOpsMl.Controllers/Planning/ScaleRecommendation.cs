namespace GitOpsMl.Controllers.Planning;

/// <summary>A replica count the autoscaler computed at a time; recent ones are kept to stabilise scaling.</summary>
public sealed record ScaleRecommendation(DateTimeOffset At, int Replicas);
