namespace GitOpsMl.Serving.Protocol;

public sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);
