namespace GitOpsMl.Serving.Protocol;

public sealed record ModelReadyResponse(string Name, string? Version, bool Ready, IReadOnlyList<string> Reasons);
