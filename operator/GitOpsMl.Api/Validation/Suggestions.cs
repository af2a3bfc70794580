namespace GitOpsMl.Api.Validation;

/// <summary>"Did you mean" for misspelt field names, enum values and references.</summary>
public static class Suggestions
{
    /// <summary>
    /// The closest candidate within a small edit distance, case-insensitively; failing that, a candidate
    /// that the given text shortens or lengthens ("churn" for "churned", "automatic" for "auto") when
    /// they share at least <see cref="MinPrefix"/> characters; else null. Never the given text itself:
    /// suggesting what the user wrote would send them in a circle.
    /// </summary>
    public static string? Closest(string given, IEnumerable<string> candidates)
    {
        string? best = null, prefixed = null;
        var bestDistance = int.MaxValue;
        var prefixedDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            if (string.Equals(c, given, StringComparison.Ordinal)) continue;
            if (string.Equals(c, given, StringComparison.OrdinalIgnoreCase)) return c;
            var d = Distance(given.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
            if (d < prefixedDistance && Math.Min(c.Length, given.Length) >= MinPrefix
                && (c.StartsWith(given, StringComparison.OrdinalIgnoreCase) || given.StartsWith(c, StringComparison.OrdinalIgnoreCase)))
            {
                (prefixed, prefixedDistance) = (c, d);
            }
        }
        var allowed = Math.Max(1, Math.Min(3, given.Length / 3));
        return bestDistance <= allowed ? best : prefixed;
    }

    /// <summary>Shortest shared prefix for a prefix suggestion; shorter ones ("a" for "auc") suggest noise.</summary>
    public const int MinPrefix = 4;

    public static string DidYouMean(string given, IEnumerable<string> candidates) =>
        Closest(given, candidates) is { } s ? $"; did you mean \"{s}\"?" : "";

    /// <summary>
    /// For an unknown field: "did you mean" when one is close; otherwise the fields that exist at that level when
    /// they are few enough to read in one line (a guess like algorithm.type is no typo of "mlp" or "linear", and
    /// "unknown field" alone leaves the user to find the reference).
    /// </summary>
    public static string ForField(string given, IReadOnlyCollection<string> fields) =>
        DidYouMean(given, fields) is { Length: > 0 } closest ? closest
        : fields.Count is > 0 and <= MaxListedFields ? $"; fields here: {string.Join(", ", fields.Order(StringComparer.Ordinal))}"
        : "";

    /// <summary>Most fields listed after "unknown field"; beyond it the list would bury the error.</summary>
    public const int MaxListedFields = 12;

    /// <summary>
    /// Optimal string alignment distance: insertions, deletions, substitutions and transpositions of two
    /// adjacent characters each cost 1, so the commonest typo ("bsae" for "base", "acu" for "auc") is one
    /// edit away, as it is to the person who made it.
    /// </summary>
    private static int Distance(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256) return int.MaxValue;
        var before = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    cur[j] = Math.Min(cur[j], before[j - 2] + 1);
            }
            (before, prev, cur) = (prev, cur, before);
        }
        return prev[b.Length];
    }
}
