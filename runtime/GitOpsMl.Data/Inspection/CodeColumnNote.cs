using System.Text.RegularExpressions;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Inspection;

/// <summary>
/// Integer columns named like codes (VendorID, PULocationID, payment_type, store_code) are usually categories stored as
/// numbers: inspect infers int from their cells, and a model fed them as numbers reads location 132 as larger than 131,
/// while oneHot and hashBucket refuse an int column. The note names them and says how to declare them; a column whose
/// every value is distinct is left out (an identifier, which the schema header already tells to mark role: id).
/// </summary>
public static partial class CodeColumnNote
{
    private static readonly HashSet<string> CodeWords = new(StringComparer.OrdinalIgnoreCase) { "id", "type", "code", "zip", "zipcode" };

    public static string? Of(IReadOnlyList<InspectedColumn> columns)
    {
        var codes = columns
            .Where(c => c.Type == ColumnType.Int && IsCodeName(c.Name) && (c.DistinctIsLowerBound || c.DistinctCount < c.ValueCount))
            .Select(c => c.Name).ToList();
        if (codes.Count == 0) return null;
        var names = string.Join(", ", codes);
        var them = codes.Count == 1 ? "it" : "them";
        return $"{names}: integer{(codes.Count == 1 ? "" : "s")} named like codes. If the numbers label categories, declare {them} `type: category` " +
               "in the schema — oneHot and hashBucket need it, and a model fed codes as numbers treats one as larger than another.";
    }

    /// <summary>Whether the name's last word (split at _, -, spaces and camel-case humps) is a code word: "PULocationID" ends in "ID", "paid" does not.</summary>
    public static bool IsCodeName(string name)
    {
        var words = Words().Matches(name);
        return words.Count > 0 && CodeWords.Contains(words[^1].Value);
    }

    // An acronym (ID in "PULocationID"), a capitalized or lowercase word, or digits.
    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")]
    private static partial Regex Words();
}
