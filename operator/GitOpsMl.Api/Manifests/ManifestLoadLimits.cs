namespace GitOpsMl.Api.Manifests;

/// <summary>
/// Bounds on the work and memory one manifest file may cost <see cref="ManifestLoader"/>. Exceeding any of
/// them is a load error, never an exception. The defaults suit CI over ordinary Kubernetes manifests.
/// </summary>
public sealed record ManifestLoadLimits
{
    public static ManifestLoadLimits Default { get; } = new();

    /// <summary>
    /// Files larger than this are rejected before parsing. 4 MiB: the Kubernetes API server refuses requests
    /// over 3 MiB and etcd objects over 1.5 MiB, so a manifest file this large already holds many objects.
    /// </summary>
    public int MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Deepest allowed nesting of mappings and sequences, counting the root collection as 1 and counting
    /// levels reached through aliases. Large CRD schemas nest about 30 levels; 64 leaves room while keeping
    /// recursive consumers of the node tree far from the stack limit.
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// Most nodes (scalars including keys, mappings, sequences) in one file, counting an alias as the size of
    /// what it expands to. Bounds alias bombs, and the cost of converting every document to JSON. Ordinary
    /// manifests run at 10 to 25 bytes per node, so a 4 MiB file of dense YAML can approach it.
    /// </summary>
    public int MaxNodes { get; init; } = 200_000;

    /// <summary>
    /// Longest scalar, in UTF-16 code units. 1 MiB: a ConfigMap or Secret as a whole may not exceed 1 MiB.
    /// </summary>
    public int MaxScalarLength { get; init; } = 1024 * 1024;

    /// <summary>Most YAML documents in one file.</summary>
    public int MaxDocuments { get; init; } = 1_000;

    /// <summary>After this many errors in one file the loader stops and says so.</summary>
    public int MaxErrors { get; init; } = 100;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxScalarLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDocuments);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxErrors);
    }
}
