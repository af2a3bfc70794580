namespace GitOpsMl.Api.Schema;

/// <summary>An additionalPrinterColumns entry: what `kubectl get` shows for the kind.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath) : Attribute
{
    public string Name { get; } = name;
    public string Type { get; } = type;
    public string JsonPath { get; } = jsonPath;
    public string? Description { get; init; }

    /// <summary>0 shows in plain `kubectl get`; 1 only with `-o wide`.</summary>
    public int Priority { get; init; }

    /// <summary>Declaration order; attributes carry no reliable order of their own.</summary>
    public int Order { get; init; }
}
