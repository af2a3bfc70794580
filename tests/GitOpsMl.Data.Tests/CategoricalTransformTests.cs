using GitOpsMl.Api.Kinds;
using GitOpsMl.Data.Features;
using GitOpsMl.Data.Splitting;
using GitOpsMl.Data.Tables;
using static GitOpsMl.Data.Tests.Specs;

namespace GitOpsMl.Data.Tests;

public class CategoricalTransformTests
{
    /// <summary>Fits one category column "plan" on <paramref name="train"/> with the given transforms.</summary>
    private static FittedFeaturePipeline Fit(string?[] train, params TransformSpec[] transforms) =>
        FeaturePipelineFitter.Fit(
            FeatureSet("y", Feature("plan", transforms)),
            Dataset(Col("plan", ColumnType.Category), Col("y", ColumnType.Bool, ColumnRole.Label)),
            Table.Of(new StringColumn("plan", train)));

    private static FittedCategoricalFeature Fitted(FittedFeaturePipeline pipeline) => (FittedCategoricalFeature)Assert.Single(pipeline.Features);

    /// <summary>The hot slot of each row (-1 for all zeros), checking each row has at most one 1 among the encoded columns.</summary>
    private static int[] Slots(FittedFeaturePipeline pipeline, int encodedWidth, params string?[] values)
    {
        var m = pipeline.Transform(Table.Of(new StringColumn("plan", values)));
        return Enumerable.Range(0, m.Rows).Select(r =>
        {
            var row = m.Row(r)[..encodedWidth].ToArray();
            Assert.True(row.Count(v => v == 1f) <= 1 && row.All(v => v is 0f or 1f));
            return Array.IndexOf(row, 1f);
        }).ToArray();
    }

    [Fact]
    public void A_column_without_transforms_gets_an_implicit_oneHot_that_ignores_unknown_and_missing_values()
    {
        var pipeline = Fit(["b", "a", "b", null, "c", ""]);

        var encoding = Assert.IsType<OneHotEncoding>(Fitted(pipeline).Encoding);
        Assert.Equal(["a", "b", "c"], encoding.Vocabulary);
        Assert.Equal(UnknownCategory.Ignore, encoding.Unknown);
        Assert.True(encoding.Implicit);
        Assert.Null(Fitted(pipeline).Impute);
        Assert.Equal(["plan=a", "plan=b", "plan=c"], pipeline.OutputNames);
        Assert.Equal([0, 1, 2, -1, -1, -1, -1], Slots(pipeline, 3, "a", "b", "c", "z", null, "", "A"));
    }

    [Fact]
    public void OneHot_keeps_the_most_frequent_categories_and_emits_them_in_ordinal_order()
    {
        // b and c twice, a and d once: the top two are b and c.
        var pipeline = Fit(["d", "c", "b", "a", "c", "b"], T(TransformType.OneHot) with { MaxCategories = 2, Unknown = UnknownCategory.Other });

        var encoding = Assert.IsType<OneHotEncoding>(Fitted(pipeline).Encoding);
        Assert.Equal(["b", "c"], encoding.Vocabulary);
        Assert.False(encoding.Implicit);
        Assert.Equal(["plan=b", "plan=c", "plan=__other__"], pipeline.OutputNames);
        Assert.Equal([0, 1, 2, 2, 2], Slots(pipeline, 3, "b", "c", "a", "never-seen", null));
    }

    [Fact]
    public void OneHot_frequency_ties_go_to_the_ordinal_smallest_category()
    {
        var pipeline = Fit(["z", "y", "x", "Y"], T(TransformType.OneHot) with { MaxCategories = 2 });
        // Ordinal: "Y" (0x59) < "x" < "y" < "z".
        Assert.Equal(["Y", "x"], ((OneHotEncoding)Fitted(pipeline).Encoding).Vocabulary);
    }

    [Fact]
    public void Impute_mostFrequent_fills_missing_values_before_encoding_and_its_indicator_reads_the_raw_value()
    {
        var pipeline = Fit(["a", "b", "b", null], T(TransformType.Impute) with { Indicator = true }, T(TransformType.OneHot));

        Assert.Equal(new CategoricalImputeStep(ImputeStrategy.MostFrequent, "b", Indicator: true), Fitted(pipeline).Impute);
        Assert.Equal(["plan=a", "plan=b", "plan__missing"], pipeline.OutputNames);
        var m = pipeline.Transform(Table.Of(new StringColumn("plan", null, "a", "", "zzz")));
        Assert.Equal([0f, 1f, 1f, /**/ 1f, 0f, 0f, /**/ 0f, 1f, 1f, /**/ 0f, 0f, 0f], m.Values);
    }

    [Fact]
    public void Impute_constant_adds_its_value_to_the_vocabulary()
    {
        var pipeline = Fit(["a", null], T(TransformType.Impute) with { Strategy = ImputeStrategy.Constant, Value = "unknown" });

        Assert.Equal(["a", "unknown"], ((OneHotEncoding)Fitted(pipeline).Encoding).Vocabulary);
        Assert.Equal([1, 0], Slots(pipeline, 2, null, "a"));
    }

    [Fact]
    public void HashBucket_maps_training_values_by_FNV1a_and_everything_else_to_the_unseen_slot()
    {
        var pipeline = Fit(["foobar", "a", "b", "a", null], T(TransformType.HashBucket) with { Buckets = 4 });

        var encoding = Assert.IsType<HashBucketEncoding>(Fitted(pipeline).Encoding);
        Assert.Equal(["a", "b", "foobar"], encoding.Vocabulary);
        // FNV-1a-64("a") = 0xaf63dc4c8601ec8c, ("foobar") = 0x85944171f73967e8: both ≡ 0 mod 4.
        var b = (int)(StableHash.Fnv1a64("b") % 4);
        Assert.Equal([0, b, 0], encoding.VocabularyBuckets);
        Assert.Equal(5, encoding.Width);
        Assert.Equal(["plan__hash0", "plan__hash1", "plan__hash2", "plan__hash3", "plan__hash_unseen"], pipeline.OutputNames);
        Assert.Equal([0, b, 0, 4, 4, 4], Slots(pipeline, 5, "a", "b", "foobar", "c", null, ""));
    }
}
