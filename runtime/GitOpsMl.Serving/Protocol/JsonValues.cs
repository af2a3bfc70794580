using System.Text.Json;

namespace GitOpsMl.Serving.Protocol;

/// <summary>Reading single JSON values as model inputs: numbers (null and "NaN"/"Infinity"/"-Infinity" allowed) and strings (null = missing).</summary>
public static class JsonValues
{
    /// <summary>FP32 value of the current token; false when it is not a number, null or a named float literal.</summary>
    public static bool TryReadFloat(ref Utf8JsonReader reader, out float value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetSingle(out value) && !float.IsNaN(value)) return true;
                if (reader.TryGetDouble(out var d))
                {
                    value = (float)d;
                    return true;
                }
                value = float.NaN;
                return false;
            case JsonTokenType.Null:
                value = float.NaN;
                return true;
            case JsonTokenType.String:
                if (reader.ValueTextEquals("NaN"u8)) { value = float.NaN; return true; }
                if (reader.ValueTextEquals("Infinity"u8)) { value = float.PositiveInfinity; return true; }
                if (reader.ValueTextEquals("-Infinity"u8)) { value = float.NegativeInfinity; return true; }
                break;
        }
        value = float.NaN;
        return false;
    }

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
