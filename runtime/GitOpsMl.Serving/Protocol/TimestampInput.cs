using GitOpsMl.Api.Common;
using GitOpsMl.Serving.Models;

namespace GitOpsMl.Serving.Protocol;

/// <summary>
/// Timestamp inputs arrive as text and reach the graph as float64 Unix seconds. The text is parsed
/// with <see cref="TimestampText"/>, the parser the data readers use, so a value that trained is
/// read as the same instant when served; "" (or null) is missing.
/// </summary>
public static class TimestampInput
{
    public static bool TryParse(string text, out double seconds)
    {
        if (text.Length == 0)
        {
            seconds = double.NaN;
            return true;
        }
        var ok = TimestampText.TryParse(text, out var value);
        seconds = ok ? TimestampText.ToUnixSeconds(value) : double.NaN;
        return ok;
    }

    /// <summary>Every value of a BYTES tensor, or a 400 naming the input and the first value that is not a timestamp.</summary>
    public static double[] Parse(InputColumn column, string[] texts, out RequestError? error)
    {
        error = null;
        var seconds = new double[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            if (!TryParse(texts[i], out seconds[i]))
            {
                var shown = texts[i].Length <= 64 ? texts[i] : texts[i][..64] + "…";
                error = RequestError.BadRequest($"input '{column.Name}': data[{i}] \"{shown}\" is not a timestamp", column.Name, column.Expected);
                return [];
            }
        }
        return seconds;
    }
}
