namespace GitOpsMl.Api.Manifests;

/// <summary>
/// A node of a loaded YAML document with the position where it starts.
/// Nodes produced by <see cref="ManifestLoader"/> are immutable; a subtree reached through a YAML alias
/// may be shared between several parents (the alias node itself carries the alias's position, its children
/// keep the positions of the anchored original).
/// </summary>
public abstract record ManifestNode(SourceMark Start);
