namespace GitOpsMl.Api.Common;

/// <summary>
/// The one identity of an object: kind, namespace and name. Every index, store, resolver and
/// work queue keys on this; an object without a namespace lives in <see cref="DefaultNamespace"/>.
/// </summary>
public readonly record struct ObjectKey(string Kind, string Namespace, string Name)
{
    public const string DefaultNamespace = "default";

    public static ObjectKey Of(CustomResource resource) =>
        new(resource.Kind, NamespaceOf(resource.Metadata.Namespace), resource.Metadata.Name);

    public static ObjectKey For(string kind, string? ns, string name) => new(kind, NamespaceOf(ns), name);

    /// <summary>The key of an object of <paramref name="kind"/> referenced from <paramref name="referrer"/> (same namespace).</summary>
    public static ObjectKey Referenced(string kind, CustomResource referrer, LocalObjectReference reference) =>
        new(kind, NamespaceOf(referrer.Metadata.Namespace), reference.Name);

    public static string NamespaceOf(string? ns) => string.IsNullOrEmpty(ns) ? DefaultNamespace : ns;

    /// <summary>kubectl's spelling: <c>Kind/namespace/name</c>.</summary>
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}
