using System.Text.Json.Serialization;

namespace GitOpsMl.Data.Features;

/// <summary>How a categorical column becomes numbers: one-hot over a vocabulary, or hashed buckets.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OneHotEncoding), "oneHot")]
[JsonDerivedType(typeof(HashBucketEncoding), "hashBucket")]
public abstract record CategoricalEncoding
{
    /// <summary>Number of output columns.</summary>
    [JsonIgnore]
    public abstract int Width { get; }

    /// <summary>The slot set to 1 for <paramref name="value"/> (after imputation), or -1 for an all-zero row.</summary>
    public abstract int Slot(string? value, IReadOnlyDictionary<string, int> lookup);

    /// <summary>The value → slot table for <see cref="Slot"/>, built once per transform call.</summary>
    public abstract IReadOnlyDictionary<string, int> BuildLookup();

    public abstract IReadOnlyList<string> OutputNames(string column);
}
