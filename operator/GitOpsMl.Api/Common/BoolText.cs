namespace GitOpsMl.Api.Common;

/// <summary>
/// The one bool parser of the product: the data readers use it for bool cells and the server for
/// bool inputs sent as text, so a spelling that trains is a spelling that serves, the same value.
/// A bool is 1 or 0; the words are matched ignoring case and surrounding whitespace.
/// </summary>
public static class BoolText
{
    /// <summary>Spellings of true, lowercase (matched ignoring case).</summary>
    public static readonly IReadOnlyList<string> TrueWords = ["true", "t", "yes", "y", "1"];

    /// <summary>Spellings of false, lowercase (matched ignoring case).</summary>
    public static readonly IReadOnlyList<string> FalseWords = ["false", "f", "no", "n", "0"];

    /// <summary>The accepted spellings in words, for error messages: "true/t/yes/y/1 or false/f/no/n/0 (any case)".</summary>
    public static string Spellings { get; } = $"{string.Join("/", TrueWords)} or {string.Join("/", FalseWords)} (any case)";

    /// <summary>1 for a spelling of true, 0 for one of false; otherwise false and NaN.</summary>
    public static bool TryParse(string text, out double value)
    {
        var s = text.AsSpan().Trim();
        foreach (var word in TrueWords)
        {
            if (s.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                value = 1;
                return true;
            }
        }
        foreach (var word in FalseWords)
        {
            if (s.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                value = 0;
                return true;
            }
        }
        value = double.NaN;
        return false;
    }
}
