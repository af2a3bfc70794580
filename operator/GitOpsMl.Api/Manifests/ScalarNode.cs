namespace GitOpsMl.Api.Manifests;

/// <summary>
/// A YAML scalar. <see cref="Value"/> is the scalar's text exactly as YAML defines it (escapes and folding
/// applied); <see cref="Kind"/> is its resolved type. The typed accessors only succeed for the matching kind:
/// a quoted <c>"3"</c> is a string and <see cref="TryGetLong"/> returns false for it.
/// </summary>
public sealed record ScalarNode(SourceMark Start, string Value, ScalarKind Kind) : ManifestNode(Start)
{
    public bool IsNull => Kind == ScalarKind.Null;

    /// <summary>Written without quotes or a tag: the form YAML 1.1 readers (kubectl) may resolve differently.</summary>
    public bool IsPlain { get; init; }

    private static readonly HashSet<string> Yaml11Booleans =
        ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"];

    /// <summary>
    /// A plain scalar that YAML 1.2 reads as a string but YAML 1.1 — what kubectl and most Go tools
    /// use — reads as a boolean (<c>yes</c>, <c>on</c>, <c>n</c>, ...): the same file means two things.
    /// </summary>
    public bool IsYaml11Boolean => IsPlain && Kind == ScalarKind.String && Yaml11Booleans.Contains(Value);

    /// <summary>
    /// The value of an <see cref="ScalarKind.Int"/> scalar (decimal with optional sign, <c>0o</c> octal or
    /// <c>0x</c> hexadecimal) when it fits in a <see cref="long"/>.
    /// </summary>
    public bool TryGetLong(out long value)
    {
        if (Kind == ScalarKind.Int)
        {
            return CoreSchema.TryParseInt(Value, out value);
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// The value of a <see cref="ScalarKind.Float"/> or <see cref="ScalarKind.Int"/> scalar.
    /// <c>.inf</c>, <c>-.inf</c> and <c>.nan</c> give the IEEE special values; numbers too large for a double give infinity.
    /// </summary>
    public bool TryGetDouble(out double value)
    {
        switch (Kind)
        {
            case ScalarKind.Float:
                return CoreSchema.TryParseFloat(Value, out value);
            case ScalarKind.Int:
                return CoreSchema.TryParseIntAsDouble(Value, out value);
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>The value of a <see cref="ScalarKind.Bool"/> scalar.</summary>
    public bool TryGetBool(out bool value)
    {
        if (Kind == ScalarKind.Bool)
        {
            return CoreSchema.TryParseBool(Value, out value);
        }

        value = false;
        return false;
    }
}
