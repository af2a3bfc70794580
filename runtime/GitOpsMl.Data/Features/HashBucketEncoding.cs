using System.Text.Json.Serialization;
using GitOpsMl.Data.Splitting;

namespace GitOpsMl.Data.Features;

/// <summary>
/// Hashed one-hot of width <see cref="Buckets"/> + 1. A value in <see cref="Vocabulary"/> (every
/// distinct non-missing training value after imputation, ordinal order) sets slot
/// FNV-1a-64(UTF-8 bytes) mod Buckets — precomputed in <see cref="VocabularyBuckets"/>, same index.
/// Any other value, and a missing one, sets the last slot (index Buckets).
/// Why a vocabulary at all: ONNX has no string hash operator, so the exporter cannot hash at
/// serving time; it maps the training vocabulary through a lookup table instead. A value not
/// seen in training therefore cannot reach its hashed bucket when served, and to keep training
/// and serving identical it goes to the unseen slot here too.
/// Output names: "&lt;column&gt;__hash&lt;i&gt;" and "&lt;column&gt;__hash_unseen".
/// </summary>
public sealed record HashBucketEncoding(int Buckets, IReadOnlyList<string> Vocabulary, IReadOnlyList<int> VocabularyBuckets) : CategoricalEncoding
{
    [JsonIgnore]
    public override int Width => Buckets + 1;

    /// <summary>The hashed bucket of a known value: FNV-1a-64 of its UTF-8 bytes, unsigned, mod buckets.</summary>
    public static int HashedBucket(string value, int buckets) => (int)(StableHash.Fnv1a64(value) % (ulong)buckets);

    public override IReadOnlyDictionary<string, int> BuildLookup()
    {
        if (VocabularyBuckets.Count != Vocabulary.Count)
        {
            throw new InvalidOperationException($"hashBucket has {Vocabulary.Count} vocabulary values but {VocabularyBuckets.Count} buckets for them.");
        }
        return Vocabulary.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => VocabularyBuckets[p.i], StringComparer.Ordinal);
    }

    public override int Slot(string? value, IReadOnlyDictionary<string, int> lookup) =>
        !string.IsNullOrEmpty(value) && lookup.TryGetValue(value, out var bucket) ? bucket : Buckets;

    public override IReadOnlyList<string> OutputNames(string column) =>
        Enumerable.Range(0, Buckets).Select(i => $"{column}__hash{i}").Append($"{column}__hash_unseen").ToArray();
}
