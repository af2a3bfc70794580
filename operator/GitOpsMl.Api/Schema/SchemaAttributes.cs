namespace GitOpsMl.Api.Schema;

// Attributes that carry the OpenAPI v3 rules of a field. The CRD generator turns them into the
// CRD schema and the offline validator enforces the very same values, so `kubectl apply` and
// `gitopsml validate` cannot disagree.

/// <summary>The field must be present.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;

/// <summary>Human description, copied into the CRD schema (kubectl explain shows it).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class | AttributeTargets.Enum)]
public sealed class DescriptionAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}

/// <summary>Inclusive (or exclusive) lower bound of a number.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
    public bool Exclusive { get; init; }
}

/// <summary>Inclusive (or exclusive) upper bound of a number.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaximumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
    public bool Exclusive { get; init; }
}

/// <summary>ECMA-262 regular expression the string must match (anchored by the pattern itself).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string regex, string expected) : Attribute
{
    public string Regex { get; } = regex;

    /// <summary>What a person should write, used in error messages ("a duration such as 5m").</summary>
    public string Expected { get; } = expected;
}

/// <summary>Default applied by the API server (structural schema default); never written back by the controller.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultAttribute(object value) : Attribute
{
    public object Value { get; } = value;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class MinItemsAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxItemsAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class MinLengthAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxLengthAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

/// <summary>Longest allowed string item of a list: bounds the cost the API server estimates for CEL rules over the list.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemMaxLengthAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

/// <summary>Items of the list are unique (x-kubernetes-list-type: set).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class UniqueItemsAttribute : Attribute;

/// <summary>List of objects keyed by one field (x-kubernetes-list-type: map), so server-side apply merges by key.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapKeyAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}

/// <summary>Free-form object whose content the API server keeps as is (operator-written status maps).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
