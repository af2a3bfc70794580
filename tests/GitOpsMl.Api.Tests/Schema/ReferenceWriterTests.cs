using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>The generated reference covers every kind, field and rule the CRDs carry, in words.</summary>
public class ReferenceWriterTests
{
    private static readonly string Markdown = ReferenceWriter.Markdown();

    private static string RowOf(string path) =>
        Markdown.Split('\n').SingleOrDefault(l => l.StartsWith($"| `{path}` |", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no row for {path}");

    [Fact]
    public void Every_kind_has_a_section_and_every_spec_and_status_field_a_row()
    {
        foreach (var kind in KindRegistry.All)
        {
            Assert.Contains($"\n## {kind.Kind}\n", Markdown);
            foreach (var section in new[] { "spec", "status" })
            {
                foreach (var field in SchemaFields.Walk(kind.Schema.Properties![section], section))
                    Assert.Contains($"| `{field.Path}` |", Markdown);
            }
        }
    }

    [Fact]
    public void Every_cel_rule_message_is_listed_with_the_field_it_is_reported_against()
    {
        var count = 0;
        foreach (var kind in KindRegistry.All)
        {
            foreach (var rule in SchemaFields.Rules(kind.Schema.Properties!["spec"], "spec"))
            {
                Assert.Contains($"- `{rule.TargetPath}`", Markdown);
                Assert.Contains(rule.Rule.Message, Markdown);
                count++;
            }
        }
        Assert.True(count >= 20, $"only {count} rules found; the walk misses nested objects");
    }

    [Theory]
    [InlineData("spec.format", "| string |", "| `csv` |", "one of `csv`, `parquet`")]
    [InlineData("spec.split.seed", "| integer |", "| `42` |", "at least 0; at most 2147483647")]
    [InlineData("spec.schema[].name", "| string | yes |", "", "1 to 256 characters")]
    [InlineData("spec.schema", "| []Object | yes |", "", "1 to 2000 items; items unique by name")]
    [InlineData("spec.csv.nullValues", "| []string |", "", "at most 32 items; each item at most 64 characters")]
    [InlineData("spec.sha256", "| string |", "", "64 lowercase hexadecimal characters (a sha256 digest) (pattern `^[a-f0-9]{64}$`)")]
    public void A_dataset_field_row_says_type_required_default_and_constraints_in_words(string path, string type, string defaultCell, string constraints)
    {
        var row = RowOf(path);

        Assert.Contains(type, row);
        if (defaultCell.Length > 0) Assert.Contains(defaultCell, row);
        Assert.Contains(constraints, row);
    }

    [Fact]
    public void Pipes_in_patterns_are_escaped_so_the_table_keeps_its_columns()
    {
        var durationRow = Markdown.Split('\n').First(l => l.Contains("a duration such as", StringComparison.Ordinal) && l.StartsWith("| `", StringComparison.Ordinal));

        Assert.Contains("(ms\\|s\\|m\\|h)", durationRow);
        var unescapedPipes = durationRow.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|');
        Assert.Equal(7, unescapedPipes);
    }

    [Fact]
    public void Operator_owned_kinds_say_so()
    {
        var section = Markdown[Markdown.IndexOf("\n## ModelVersion\n", StringComparison.Ordinal)..];

        Assert.Contains("created by the operator only", section[..section.IndexOf("### Spec", StringComparison.Ordinal)]);
    }

    [Theory]
    [InlineData(0.0, false, null, null, "at least 0")]
    [InlineData(0.0, true, 1.0, true, "greater than 0; less than 1")]
    [InlineData(null, false, 2.5, false, "at most 2.5")]
    public void Number_bounds_read_as_words(double? min, bool exclusiveMin, double? max, bool? exclusiveMax, string expected)
    {
        var node = new SchemaNode { Type = "number", Minimum = min, ExclusiveMinimum = exclusiveMin, Maximum = max, ExclusiveMaximum = exclusiveMax ?? false };

        Assert.Equal(expected, string.Join("; ", SchemaWords.Constraints(node)));
    }

    [Theory]
    [InlineData(1, 1, "exactly 1 character")]
    [InlineData(1, null, "at least 1 character")]
    [InlineData(null, 63, "at most 63 characters")]
    [InlineData(3, 63, "3 to 63 characters")]
    public void String_lengths_read_as_words(int? min, int? max, string expected)
    {
        var node = new SchemaNode { Type = "string", MinLength = min, MaxLength = max };

        Assert.Equal(expected, Assert.Single(SchemaWords.Constraints(node)));
    }
}
