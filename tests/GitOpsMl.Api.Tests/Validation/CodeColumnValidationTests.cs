using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Tests.Validation;

/// <summary>
/// Integer codes (NYC taxi's payment_type and PULocationID, a Parquet int64) are categories to the person encoding them:
/// validate points an oneHot of an int column at declaring it a category, not at bucketizing ids by range.
/// </summary>
public class CodeColumnValidationTests
{
    private static ValidationReport Validate(string columnType, string transform) => ManifestValidator.Validate([
        new ManifestFile("set.yaml", System.Text.Encoding.UTF8.GetBytes($$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: Dataset
            metadata: {name: trips}
            spec:
              source: {path: trips.csv}
              schema:
                - {name: payment_type, type: {{columnType}}}
                - {name: tip, type: float, role: label}
            ---
            apiVersion: gitopsml.io/v1alpha1
            kind: FeatureSet
            metadata: {name: trips}
            spec:
              datasetRef: {name: trips}
              label: {column: tip, task: regression}
              features:
                - {column: payment_type, transforms: [{{transform}}]}
            """))]);

    [Theory]
    [InlineData("{type: oneHot}")]
    [InlineData("{type: hashBucket, buckets: 8}")]
    public void An_indicator_encoding_of_an_int_column_says_to_declare_codes_a_category(string transform)
    {
        var error = Assert.Single(Validate("int", transform).Diagnostics);

        Assert.Equal("spec.features[0].transforms[0].type", error.FieldPath);
        Assert.Contains("\"payment_type\" has type int", error.Message);
        Assert.Contains("declare it `type: category` in the Dataset's schema", error.Message);
    }

    [Fact]
    public void The_same_column_declared_a_category_is_valid()
    {
        Assert.Empty(Validate("category", "{type: oneHot}").Diagnostics);
    }

    [Fact]
    public void A_float_column_is_pointed_at_bucketize_only()
    {
        var error = Assert.Single(Validate("float", "{type: oneHot}").Diagnostics);

        Assert.EndsWith("(use bucketize)", error.Message);
    }
}
