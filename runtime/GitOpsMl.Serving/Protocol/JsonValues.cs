using System.Text.Json;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Reading single JSON values as model inputs: finite FP32 numbers, null or "NaN" for missing, and
/// strings (null = missing). Infinite values ("Infinity", "-Infinity", or a number beyond FP32's
/// range such as 1e39) are refused: a model computes nothing meaningful from them, and a missing
/// value is what null says.
/// </summary>
public static class JsonValues
{
    /// <summary>FP32 value of the current token (NaN = missing); false when it is not a finite FP32 number, null or "NaN".</summary>
    public static bool TryReadFloat(ref Utf8JsonReader reader, out float value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                // TryGetSingle answers ±Infinity for numbers beyond FP32's range rather than failing.
                if (reader.TryGetSingle(out value) && float.IsFinite(value)) return true;
                value = float.NaN;
                return false;
            case JsonTokenType.Null:
                value = float.NaN;
                return true;
            case JsonTokenType.String:
                if (reader.ValueTextEquals("NaN"u8)) { value = float.NaN; return true; }
                break;
        }
        value = float.NaN;
        return false;
    }

    /// <summary>Why the current token is not an FP32 input value, for error messages.</summary>
    public static string DescribeNotFloat(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => "a number that is not a finite FP32 value (beyond ±3.4e38)",
        JsonTokenType.String when reader.ValueTextEquals("Infinity"u8) || reader.ValueTextEquals("-Infinity"u8) => "an infinite value",
        _ => Describe(ref reader),
    };

    /// <summary>BYTES value of the current token: a string, or "" for null (missing); false otherwise.</summary>
    public static bool TryReadString(ref Utf8JsonReader reader, out string value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = reader.GetString()!;
                return true;
            case JsonTokenType.Null:
                value = "";
                return true;
        }
        value = "";
        return false;
    }

    /// <summary>
    /// A categorical value: a string, "" for null (missing), or an integer as its decimal text — the text a Parquet integer
    /// column declared category is read as, so {"payment_type": 1} means the category "1". Other numbers stay refused:
    /// 1.0 or 1e3 have no one text that training would have seen.
    /// </summary>
    public static bool TryReadCategory(ref Utf8JsonReader reader, out string value)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var integer))
        {
            value = CodeText(integer);
            return true;
        }
        return TryReadString(ref reader, out value);
    }

    /// <summary>An integer tensor's values as category text ("" for missing).</summary>
    public static string[] CodeTexts(long?[] integers) => Array.ConvertAll(integers, v => v is { } i ? CodeText(i) : "");

    private static string CodeText(long integer) => integer.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A short description of the current token for error messages.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };
}
