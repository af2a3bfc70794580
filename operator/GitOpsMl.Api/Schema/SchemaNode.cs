namespace GitOpsMl.Api.Schema;

/// <summary>
/// One node of the OpenAPI v3 schema of a kind, derived from the C# types. Both the CRD writer
/// and the offline validator read this tree, so the two apply identical rules.
/// </summary>
public sealed record SchemaNode
{
    public required string Type { get; init; }
    public string? Format { get; init; }
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, SchemaNode>? Properties { get; init; }
    public IReadOnlyList<string> Required { get; init; } = [];
    public SchemaNode? Items { get; init; }
    public SchemaNode? AdditionalProperties { get; init; }
    public IReadOnlyList<string>? Enum { get; init; }
    public double? Minimum { get; init; }
    public bool ExclusiveMinimum { get; init; }
    public double? Maximum { get; init; }
    public bool ExclusiveMaximum { get; init; }
    public string? Pattern { get; init; }

    /// <summary>What the pattern means in words; for messages only, not emitted.</summary>
    public string? PatternExpected { get; init; }

    public object? Default { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }

    /// <summary>x-kubernetes-list-type: set or map.</summary>
    public string? ListType { get; init; }
    public IReadOnlyList<string>? ListMapKeys { get; init; }
    public bool PreserveUnknownFields { get; init; }

    /// <summary>CEL rules of this object, each with its C# twin.</summary>
    public IReadOnlyList<SchemaRule> Rules { get; init; } = [];

    /// <summary>The C# type this node was generated from (objects only), used to evaluate <see cref="Rules"/>.</summary>
    public Type? ClrType { get; init; }
}

/// <summary>A CEL rule and its C# evaluation over the deserialized object.</summary>
public sealed record SchemaRule(string Rule, string Message, string? FieldPath, Func<object, bool> Holds)
{
    /// <summary>The rule's <see cref="CelRule{T}.Explain"/>, if it has one: offending fields with precise messages.</summary>
    public Func<object, IEnumerable<CelViolation>>? Explain { get; init; }

    /// <summary>The rule's <see cref="CelRule{T}.MessageExpression"/>: the server-side twin of <see cref="Explain"/>.</summary>
    public string? MessageExpression { get; init; }
}
