using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Tests.Validation;

/// <summary>validate steers timestamps to datetime features, and dates kept as categories towards them.</summary>
public class DatetimeValidationTests
{
    private static ValidationReport Validate(string schema, string features) => ManifestValidator.Validate([
        new ManifestFile("set.yaml", System.Text.Encoding.UTF8.GetBytes($$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: Dataset
            metadata: {name: sales}
            spec:
              source: {path: sales.csv}
              schema:
            {{schema}}
                - {name: sales, type: float, role: label}
            ---
            apiVersion: gitopsml.io/v1alpha1
            kind: FeatureSet
            metadata: {name: sales}
            spec:
              datasetRef: {name: sales}
              label: {column: sales, task: regression}
              features:
            {{features}}
            """))]);

    [Fact]
    public void A_timestamp_with_datetime_parts_is_a_valid_feature_even_as_the_time_column()
    {
        var report = Validate("    - {name: day, type: timestamp, role: timestamp}", "    - {column: day, datetime: {parts: [month, dayOfWeek], cyclical: true, elapsed: days}}");
        Assert.Empty(report.Diagnostics.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("    - {name: day, type: category, values: ['2024-01-01', '2024-01-02']}")]
    [InlineData("    - {name: order_date, type: string}")]
    [InlineData("    - {name: createdTimestamp, type: category}")]
    public void A_date_kept_as_a_category_or_string_gets_a_warning_suggesting_datetime(string column)
    {
        var name = column.Split("name: ")[1].Split(',')[0];
        var report = Validate(column, $"    - {{column: {name}, transforms: [{{type: oneHot}}]}}".Replace("oneHot", column.Contains("string") ? "hashBucket, buckets: 8" : "oneHot"));
        var warning = Assert.Single(report.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("declare it type timestamp and use datetime features", warning.Message);
        Assert.True(report.IsValid);
    }

    [Fact]
    public void A_category_of_words_gets_no_date_warning()
    {
        var report = Validate("    - {name: weekday, type: category, values: [mon, tue]}", "    - {column: weekday, transforms: [{type: oneHot}]}");
        Assert.Empty(report.Diagnostics);
    }
}
