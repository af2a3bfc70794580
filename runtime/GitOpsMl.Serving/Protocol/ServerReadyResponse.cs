namespace GitOpsMl.Serving.Protocol;

public sealed record ServerReadyResponse(bool Ready, IReadOnlyList<string> Reasons);
