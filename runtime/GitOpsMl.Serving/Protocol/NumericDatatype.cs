using System.Text.Json;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// The Open Inference Protocol datatypes a numeric input accepts, each read into the model's FP32. Clients send what
/// their column holds — tritonclient and KServe's SDK make an INT64 tensor of an int column, a BOOL one of a bool
/// column, FP64 of a pandas float column — and the value is the same number once converted, so refusing them would
/// only make every client convert by hand. (FP16 and BF16 stay refused: JSON clients do not send them.) Each datatype keeps its own rules: an INT tensor holds integers in its range
/// (1.5 in an INT64 tensor is a client bug, not a value to round), a BOOL tensor true/false; null is missing in all.
/// Integers beyond 2^24 lose precision as FP32, exactly as they did when the training data became features.
/// </summary>
public sealed record NumericDatatype(string Name, string Expected, NumericDatatype.Reader Read)
{
    public delegate bool Reader(ref Utf8JsonReader reader, out float value);

    public delegate bool IntegerReader(ref Utf8JsonReader reader, out long? value);

    /// <summary>
    /// For the signed and small unsigned integer datatypes: the exact integer (null = missing). A categorical input
    /// takes an integer tensor as the integers' decimal text — integer codes declared category — and FP32 could not
    /// carry codes beyond 2^24 exactly.
    /// </summary>
    public IntegerReader? ReadInteger { get; init; }

    /// <summary>Why the current token is not a value of this datatype, for error messages.</summary>
    public string DescribeNotValue(ref Utf8JsonReader reader) =>
        Name.StartsWith("FP", StringComparison.Ordinal) ? JsonValues.DescribeNotFloat(ref reader)
        : reader.TokenType == JsonTokenType.Number ? $"a number that is not an integer of {Name}"
        : JsonValues.Describe(ref reader);

    private static readonly Dictionary<string, NumericDatatype> ByName = new NumericDatatype[]
    {
        new(Datatypes.Fp32, "finite FP32 numbers (null or \"NaN\" for missing)", JsonValues.TryReadFloat),
        new("FP64", "finite numbers within FP32's range (null or \"NaN\" for missing)", JsonValues.TryReadFloat),
        Integer("INT8", sbyte.MinValue, sbyte.MaxValue),
        Integer("INT16", short.MinValue, short.MaxValue),
        Integer("INT32", int.MinValue, int.MaxValue),
        Integer("INT64", long.MinValue, long.MaxValue),
        Integer("UINT8", 0, byte.MaxValue),
        Integer("UINT16", 0, ushort.MaxValue),
        Integer("UINT32", 0, uint.MaxValue),
        new("UINT64", "integers from 0 to 18446744073709551615 (null for missing)", ReadUInt64),
        new("BOOL", "true or false (null for missing)", ReadBool),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The numeric datatype named <paramref name="name"/>, or null for BYTES and datatypes a number cannot come in.</summary>
    public static NumericDatatype? Of(string name) => ByName.GetValueOrDefault(name);

    private static NumericDatatype Integer(string name, long min, long max)
    {
        bool ReadInteger(ref Utf8JsonReader reader, out long? value)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null) return true;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var integer) || integer < min || integer > max) return false;
            value = integer;
            return true;
        }
        return new(name, $"integers from {min} to {max} (null for missing)", (ref Utf8JsonReader reader, out float value) =>
        {
            var ok = ReadInteger(ref reader, out var integer);
            value = integer ?? float.NaN;
            return ok;
        })
        { ReadInteger = ReadInteger };
    }

    private static bool ReadUInt64(ref Utf8JsonReader reader, out float value)
    {
        value = float.NaN;
        if (reader.TokenType == JsonTokenType.Null) return true;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var integer)) return false;
        value = integer;
        return true;
    }

    private static bool ReadBool(ref Utf8JsonReader reader, out float value)
    {
        (var ok, value) = reader.TokenType switch
        {
            JsonTokenType.True => (true, 1f),
            JsonTokenType.False => (true, 0f),
            JsonTokenType.Null => (true, float.NaN),
            _ => (false, float.NaN),
        };
        return ok;
    }
}
