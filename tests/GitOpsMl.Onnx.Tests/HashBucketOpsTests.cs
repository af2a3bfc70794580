using GitOpsMl.Onnx.Tests.Support;

namespace GitOpsMl.Onnx.Tests;

// Hash bucketing: ONNX Runtime must put every string in the bucket HashBucketMath computes in C#.
public class HashBucketOpsTests
{
    private const int Buckets = 8;

    private static readonly CategoryVocabulary Known =
        new(Enumerable.Range(0, 200).Select(i => $"user-{i}").Append("").Append("ünïcødé"));

    private static readonly string[] Column =
        ["user-0", "user-17", "user-199", "", "ünïcødé", "user-200", "USER-1", "never seen", "user-17"];

    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void StableHash_is_64_bit_fnv1a_over_utf8(string value, ulong expected) =>
        Assert.Equal(expected, HashBucketMath.StableHash(value));

    [Fact]
    public void Known_values_go_to_their_hash_bucket_and_unknown_values_to_the_extra_bucket()
    {
        Assert.Equal((long)(0xaf63dc4c8601ec8cUL % 8), HashBucketMath.Bucket("a", new CategoryVocabulary(["a"]), 8));
        Assert.Equal(8, HashBucketMath.Bucket("b", new CategoryVocabulary(["a"]), 8));
        Assert.Equal(8, HashBucketMath.Bucket(null, new CategoryVocabulary(["a"]), 8));
    }

    [Fact]
    public void HashBucketIndex_matches_the_reference()
    {
        var actual = SingleColumnModel.RunCategorical<long>(
            (g, x) => g.HashBucketIndex(x, Known, Buckets), TensorElementType.Int64, 1, Column);
        Assert.Equal(Column.Select(v => HashBucketMath.Bucket(v, Known, Buckets)).ToArray(), actual.Data);
        Assert.Contains(actual.Data, b => b == Buckets);
    }

    [Fact]
    public void HashBucketOneHot_matches_the_reference()
    {
        var actual = SingleColumnModel.RunCategorical<float>(
            (g, x) => g.HashBucketOneHot(x, Known, Buckets), TensorElementType.Float, Buckets + 1, Column);
        Assert.Equal([Column.Length, Buckets + 1], actual.Shape);
        for (var row = 0; row < Column.Length; row++)
        {
            FloatAssert.AllClose(HashBucketMath.OneHot(Column[row], Known, Buckets), actual.Row(row), $"'{Column[row]}'");
        }
    }
}
