namespace GitOpsMl.Serving.Protocol;

public sealed record RoutingStatus(string Stable, string? Canary, double CanaryWeight, bool Shadow, IReadOnlyList<string> Problems);
