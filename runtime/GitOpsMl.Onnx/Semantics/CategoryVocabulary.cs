namespace GitOpsMl.Onnx;

/// <summary>
/// The fixed, ordered set of strings a categorical column was fitted on. Position in the list is
/// the category's index and its one-hot slot. Matching is exact and ordinal (case-sensitive, no
/// trimming or normalisation), which is what ai.onnx.ml LabelEncoder does at serving time.
/// A missing value arrives as ""; it is an ordinary string here: it has its own slot when the
/// vocabulary contains "", otherwise it is unknown like any unseen value.
/// </summary>
public sealed class CategoryVocabulary
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly string[] _categories;

    public CategoryVocabulary(IEnumerable<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        _categories = categories.ToArray();
        for (var i = 0; i < _categories.Length; i++)
        {
            var category = _categories[i] ?? throw new ArgumentException("Categories must not be null.", nameof(categories));
            // LabelEncoder rejects duplicate keys, and a duplicate would make the slot ambiguous.
            if (!_index.TryAdd(category, i))
            {
                throw new ArgumentException($"Category '{category}' appears more than once.", nameof(categories));
            }
        }
        if (_categories.Length == 0)
        {
            throw new ArgumentException("A vocabulary needs at least one category.", nameof(categories));
        }
    }

    public IReadOnlyList<string> Categories => _categories;

    public int Count => _categories.Length;

    public bool Contains(string? value) => _index.ContainsKey(value ?? string.Empty);

    /// <summary>Index of <paramref name="value"/>, or -1 when unknown. null is read as missing ("").</summary>
    public int IndexOf(string? value) => _index.TryGetValue(value ?? string.Empty, out var i) ? i : -1;
}
