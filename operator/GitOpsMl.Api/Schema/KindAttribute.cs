namespace GitOpsMl.Api.Schema;

/// <summary>Marks a custom resource type and names it the way the CRD does.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KindAttribute(string kind, string plural, params string[] shortNames) : Attribute
{
    public string Kind { get; } = kind;
    public string Plural { get; } = plural;
    public string[] ShortNames { get; } = shortNames;

    /// <summary>True for kinds only the operator creates (ModelVersion): validate refuses them in git.</summary>
    public bool OperatorOwned { get; init; }
}
