using System.Text.Json.Serialization;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.Data.Features;

/// <summary>
/// One-hot over <see cref="Vocabulary"/>: the <see cref="MaxCategories"/> most frequent
/// non-missing training values (after imputation), ties broken by ordinal string order, emitted
/// in ordinal order. Matching is exact and ordinal (case-sensitive, no trimming). A missing value
/// (null or "", when not imputed) is never in the vocabulary. Any value outside it gives all
/// zeros (<see cref="UnknownCategory.Ignore"/>, width = vocabulary size) or sets a trailing
/// "other" slot (<see cref="UnknownCategory.Other"/>, width = vocabulary size + 1).
/// Output names: "&lt;column&gt;=&lt;value&gt;" and "&lt;column&gt;=__other__".
/// </summary>
/// <param name="Implicit">True when the spec gave the column no encoder and the fitter chose oneHot(ignore).</param>
public sealed record OneHotEncoding(IReadOnlyList<string> Vocabulary, UnknownCategory Unknown, int MaxCategories, bool Implicit = false) : CategoricalEncoding
{
    public const int DefaultMaxCategories = 100;
    public const string OtherSuffix = "__other__";

    [JsonIgnore]
    public override int Width => Vocabulary.Count + (Unknown == UnknownCategory.Other ? 1 : 0);

    public override IReadOnlyDictionary<string, int> BuildLookup() =>
        Vocabulary.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);

    public override int Slot(string? value, IReadOnlyDictionary<string, int> lookup)
    {
        if (!string.IsNullOrEmpty(value) && lookup.TryGetValue(value, out var index))
        {
            return index;
        }
        return Unknown == UnknownCategory.Other ? Vocabulary.Count : -1;
    }

    public override IReadOnlyList<string> OutputNames(string column)
    {
        var names = Vocabulary.Select(v => $"{column}={v}").ToList();
        if (Unknown == UnknownCategory.Other)
        {
            names.Add($"{column}={OtherSuffix}");
        }
        return names;
    }
}
