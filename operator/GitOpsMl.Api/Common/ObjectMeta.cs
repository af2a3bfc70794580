namespace GitOpsMl.Api.Common;

/// <summary>The parts of metav1.ObjectMeta this API reads and writes.</summary>
public sealed record ObjectMeta
{
    public string Name { get; init; } = "";
    public string? Namespace { get; init; }
    public Dictionary<string, string>? Labels { get; init; }
    public Dictionary<string, string>? Annotations { get; init; }
    public long? Generation { get; init; }
    public string? ResourceVersion { get; init; }
    public string? Uid { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }
    public DateTimeOffset? DeletionTimestamp { get; init; }
    public List<string>? Finalizers { get; init; }
    public List<OwnerReference>? OwnerReferences { get; init; }
}

public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid)
{
    public bool? Controller { get; init; }
    public bool? BlockOwnerDeletion { get; init; }
}
