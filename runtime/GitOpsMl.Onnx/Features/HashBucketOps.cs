namespace GitOpsMl.Onnx;

/// <summary>
/// Emits hash bucketing of a string [N,1] column as a precomputed string→bucket LabelEncoder.
/// See <see cref="HashBucketMath"/> for the exact semantics (FNV-1a 64 mod bucketCount for
/// known strings, bucketCount for everything else).
/// </summary>
public static class HashBucketOps
{
    /// <summary>Bucket → int64 [N,1] in [0, bucketCount]; bucketCount is the unknown bucket.</summary>
    public static string HashBucketIndex(this OnnxGraphBuilder graph, string x, CategoryVocabulary known, int bucketCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketCount, 1);
        var buckets = known.Categories.Select(v => HashBucketMath.HashedBucket(v, bucketCount)).ToArray();
        return graph.StringLookup(x, known.Categories, buckets, bucketCount);
    }

    /// <summary>One-hot of <see cref="HashBucketIndex"/> → float [N, bucketCount + 1].</summary>
    public static string HashBucketOneHot(this OnnxGraphBuilder graph, string x, CategoryVocabulary known, int bucketCount) =>
        graph.IndexOneHot(graph.HashBucketIndex(x, known, bucketCount), bucketCount + 1);
}
