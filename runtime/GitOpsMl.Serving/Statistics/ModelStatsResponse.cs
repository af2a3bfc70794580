namespace GitOpsMl.Serving.Statistics;

public sealed record ModelStatsResponse(string Model, string? DefaultVersion, TimeSpan Window, IReadOnlyList<VersionStats> Versions);
