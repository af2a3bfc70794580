namespace GitOpsMl.Api.Manifests;

/// <summary>A YAML sequence.</summary>
public sealed record SequenceNode(SourceMark Start, IReadOnlyList<ManifestNode> Items) : ManifestNode(Start)
{
    public int Count => Items.Count;

    public ManifestNode this[int index] => Items[index];
}
