using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Bool inputs reach the graph as FP32 1/0 (NaN missing), as the column did in training. A client
/// may send what its data holds: true/false, the numbers 1/0, or text spelled as the data readers
/// read it (<see cref="BoolText"/>: "yes", "no", "TRUE", " 1 ", …), so a CSV value that trained is a
/// value that serves. "" and null are missing. Any other number is refused too: the model only
/// ever saw 1 and 0 for this column.
/// </summary>
public static class BoolInput
{
    public static bool TryParse(string text, out float value)
    {
        if (text.Length == 0)
        {
            value = float.NaN;
            return true;
        }
        var ok = BoolText.TryParse(text, out var parsed);
        value = (float)parsed;
        return ok;
    }

    /// <summary>A v1 instance value: true/false, null, the numbers 1/0, or bool text ("" missing).</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out float value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = 1f;
                return true;
            case JsonTokenType.False:
                value = 0f;
                return true;
            case JsonTokenType.Null:
                value = float.NaN;
                return true;
            case JsonTokenType.Number:
                return reader.TryGetSingle(out value) && IsBoolValue(value) || Fail(out value);
            case JsonTokenType.String:
                return TryParse(reader.GetString()!, out value);
            default:
                return Fail(out value);
        }
    }

    /// <summary>The current token for an error message: a string or number as sent, otherwise its kind.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"\"{UserText.Shorten(reader.GetString()!)}\"",
        // The number as sent: GetDouble would throw for one beyond double's range.
        JsonTokenType.Number => UserText.Shorten(Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan)),
        _ => JsonValues.Describe(ref reader),
    };

    private static bool Fail(out float value)
    {
        value = float.NaN;
        return false;
    }

    /// <summary>1, 0 or NaN (missing): the values a bool column holds.</summary>
    public static bool IsBoolValue(float value) => value is 0f or 1f || float.IsNaN(value);

    /// <summary>Every value of a BYTES tensor as 1/0/NaN, or a 400 naming the input and the first value that is not a bool.</summary>
    public static float[] Parse(InputColumn column, string[] texts, out RequestError? error)
    {
        error = null;
        var values = new float[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            if (!TryParse(texts[i], out values[i]))
            {
                error = NotBool(column, $"input '{column.Name}': data[{i}] \"{UserText.Shorten(texts[i])}\"");
                return [];
            }
        }
        return values;
    }

    /// <summary>A 400 for the first number of a numeric tensor that is not 1 or 0 (null/NaN is missing), or null when all are.</summary>
    public static RequestError? Check(InputColumn column, float[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!IsBoolValue(values[i]))
            {
                return NotBool(column, $"input '{column.Name}': data[{i}] {values[i].ToString("R", CultureInfo.InvariantCulture)}");
            }
        }
        return null;
    }

    /// <summary>"&lt;what&gt; is not a bool", with the accepted spellings as what is expected.</summary>
    public static RequestError NotBool(InputColumn column, string what) =>
        RequestError.BadRequest($"{what} is not a bool ({BoolText.Spellings})", column.Name, column.Expected);

}
