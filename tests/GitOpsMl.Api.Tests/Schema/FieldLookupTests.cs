using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>`gitopsml explain KIND[.field.path]`: how names resolve and what a wrong path is told.</summary>
public class FieldLookupTests
{
    [Theory]
    [InlineData("Dataset")]
    [InlineData("dataset")]
    [InlineData("DATASETS")]
    [InlineData("mlds")]
    [InlineData("MLds")]
    public void A_kind_resolves_by_name_plural_or_short_name_in_any_case(string name)
    {
        var result = FieldLookup.Resolve(name);

        Assert.Equal("Dataset", result.Kind.Kind);
        Assert.Null(result.Field);
    }

    [Theory]
    [InlineData("dataset.spec.schema.name", "spec.schema[].name")]
    [InlineData("dataset.spec.schema[].name", "spec.schema[].name")]
    [InlineData("dataset.spec.schema[3].name", "spec.schema[].name")]
    [InlineData("tj.spec", "spec")]
    [InlineData("mlds.spec.split.seed", "spec.split.seed")]
    public void A_field_path_steps_through_objects_and_lists(string query, string path)
    {
        var result = FieldLookup.Resolve(query);

        Assert.Equal(path, result.Field!.Path);
    }

    [Fact]
    public void A_required_field_is_marked_required()
    {
        Assert.True(FieldLookup.Resolve("dataset.spec.schema.name").Field!.Required);
        Assert.False(FieldLookup.Resolve("dataset.spec.split").Field!.Required);
    }

    [Fact]
    public void A_field_carries_its_own_rules_and_the_rules_of_its_parents_reported_against_it()
    {
        var messages = FieldLookup.Resolve("dataset.spec.split.key").Rules.Select(r => r.Rule.Message).ToList();

        Assert.Contains("split.key must name a column of the schema", messages);
        Assert.Contains("method hash needs key (the column to hash)", messages);
        Assert.Contains("key applies only to method hash", messages);
        Assert.DoesNotContain("method time needs timeColumn", messages);
    }

    [Fact]
    public void An_object_carries_its_own_rules()
    {
        var messages = FieldLookup.Resolve("dataset.spec.split").Rules.Select(r => r.Rule.Message).ToList();

        Assert.Contains("train + validation + test must sum to 1", messages);
        Assert.Contains("method time needs timeColumn", messages);
    }

    [Fact]
    public void An_unknown_field_names_the_fields_that_exist_at_that_level_and_the_closest_one()
    {
        var e = Assert.Throws<FieldLookupException>(() => FieldLookup.Resolve("dataset.spec.splt.seed"));

        Assert.Equal("Dataset has no field \"splt\" in spec; fields of spec: source, format, csv, schema, split, sha256, validation; did you mean \"split\"?", e.Message);
    }

    [Fact]
    public void An_unknown_top_level_field_names_the_top_level_fields()
    {
        var e = Assert.Throws<FieldLookupException>(() => FieldLookup.Resolve("model.sepc"));

        Assert.StartsWith("Model has no field \"sepc\" in Model; fields of Model: apiVersion, kind, metadata, spec, status", e.Message);
    }

    [Fact]
    public void A_path_below_a_scalar_says_the_scalar_has_no_fields()
    {
        var e = Assert.Throws<FieldLookupException>(() => FieldLookup.Resolve("dataset.spec.format.x"));

        Assert.Equal("Dataset field spec.format is a string and has no fields; \"x\" cannot follow it", e.Message);
    }

    [Fact]
    public void An_unknown_kind_lists_the_kinds_and_the_closest_name()
    {
        var e = Assert.Throws<FieldLookupException>(() => FieldLookup.Resolve("datset.spec"));

        Assert.Contains("unknown kind \"datset\"; kinds: Dataset (datasets, mlds), FeatureSet", e.Message);
        Assert.EndsWith("did you mean \"Dataset\"?", e.Message);
    }

    [Theory]
    [InlineData("dataset..spec")]
    [InlineData("dataset.spec.")]
    public void An_empty_segment_is_refused(string query)
    {
        var e = Assert.Throws<FieldLookupException>(() => FieldLookup.Resolve(query));

        Assert.Contains("empty field name", e.Message);
    }

    [Fact]
    public void Any_key_of_a_map_names_its_value()
    {
        var result = FieldLookup.Resolve("modelversion.spec.sliceMetrics.plan=basic.auc");

        Assert.Equal("number", SchemaWords.Type(result.Node));
    }

    [Fact]
    public void Explain_text_shows_the_field_its_words_its_fields_and_rules()
    {
        var text = ExplainWriter.Write(FieldLookup.Resolve("mlds.spec.split"));

        Assert.Contains("KIND:     Dataset\n", text);
        Assert.Contains("FIELD:    spec.split <Object>\n", text);
        Assert.Contains("  seed\t<integer>\n    Seed of method random.\n    Default: 42. Constraints: at least 0; at most 2147483647.\n", text);
        Assert.Contains("  - train + validation + test must sum to 1\n", text);
        Assert.Contains("  - method hash needs key (the column to hash) (reported at spec.split.key)\n", text);
    }

    [Fact]
    public void Explain_text_of_a_scalar_shows_default_allowed_values_and_the_rules_reported_against_it()
    {
        var text = ExplainWriter.Write(FieldLookup.Resolve("dataset.spec.format"));

        Assert.Contains("FIELD:    spec.format <string>\n", text);
        Assert.Contains("\nDEFAULT:\n    csv\n", text);
        Assert.Contains("\nALLOWED VALUES:\n    csv, parquet\n", text);
        Assert.DoesNotContain("FIELDS:", text);
    }
}
