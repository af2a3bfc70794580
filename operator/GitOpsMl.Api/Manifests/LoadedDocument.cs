namespace GitOpsMl.Api.Manifests;

/// <summary>
/// One YAML document of a file that loaded without errors. <paramref name="Index"/> is its 0-based position
/// among all documents of the file, counting ones that failed to load; <paramref name="Root"/> is null for an
/// empty document (a <c>---</c> with nothing after it, or only comments).
/// </summary>
public sealed record LoadedDocument(int Index, ManifestNode? Root, SourceMark Start);
