namespace GitOpsMl.Api.Manifests;

/// <summary>One key/value pair of a <see cref="MappingNode"/>; the key carries its own position.</summary>
public readonly record struct MappingEntry(ScalarNode Key, ManifestNode Value);
