using GitOpsMl.Api.Manifests;
using static GitOpsMl.Api.Tests.Manifests.ManifestTestHelpers;

namespace GitOpsMl.Api.Tests.Manifests;

public class ManifestLoaderErrorTests
{
    [Fact]
    public void A_syntax_error_gives_the_parser_message_with_line_and_column()
    {
        var result = Load("kind: Pod\nargs: [a, b}\n");

        var error = SingleError(result, ManifestLoadErrorKind.Syntax);
        Assert.Equal(new SourceMark(2, 12), error.Mark);
        Assert.Equal("invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'", error.Message);
        Assert.Equal(0, error.DocumentIndex);
        Assert.Empty(result.Documents);
    }

    [Fact]
    public void An_unclosed_bracket_before_a_less_indented_line_is_a_syntax_error()
    {
        // YamlDotNet throws a bare InvalidOperationException here, with no message and no position.
        var result = Load("metadata:\n  name: web\n  labels: [a, b\nspec: {}\n");

        var error = SingleError(result, ManifestLoadErrorKind.Syntax);
        Assert.Equal(new SourceMark(4, 1), error.Mark);
        Assert.Equal(
            "invalid YAML: a '[...]' or '{...}' continues on a line that is not indented more than the key it belongs to; expected a closing ']' or '}' before it",
            error.Message);
    }

    [Fact]
    public void A_colon_inside_a_plain_value_is_explained()
    {
        var error = SingleError(Load("command: echo a: b\n"), ManifestLoadErrorKind.Syntax);

        Assert.Equal(new SourceMark(1, 16), error.Mark);
        Assert.Contains("quote the value", error.Message);
    }

    [Fact]
    public void Tab_indentation_is_explained()
    {
        var error = SingleError(Load("spec:\n\treplicas: 1\n"), ManifestLoadErrorKind.Syntax);

        Assert.Contains("tab", error.Message);
        Assert.Contains("indent with spaces", error.Message);
    }

    [Fact]
    public void After_a_syntax_error_the_next_documents_are_still_loaded_and_checked()
    {
        const string yaml =
            "a: 1\n" +             // 1  document 0: fine
            "---\n" +              // 2  document 1: broken
            "b: [1, 2\n" +         // 3
            "c: 3\n" +             // 4
            "---\n" +              // 5  document 2: duplicate key
            "d: 1\n" +             // 6
            "d: 2\n" +             // 7
            "---\n" +              // 8  document 3: broken quote
            "e: \"open\n" +        // 9
            "---\n" +              // 10 document 4: fine
            "f: 4\n";              // 11

        var result = Load(yaml);

        Assert.Equal(
            [(ManifestLoadErrorKind.Syntax, 1), (ManifestLoadErrorKind.DuplicateKey, 2), (ManifestLoadErrorKind.Syntax, 3)],
            result.Errors.Select(e => (e.Kind, e.DocumentIndex ?? -1)));
        Assert.Equal(new SourceMark(4, 1), result.Errors[0].Mark);
        Assert.Equal(new SourceMark(7, 1), result.Errors[1].Mark);
        Assert.Equal(9, result.Errors[2].Mark.Line);

        Assert.Equal([0, 4], result.Documents.Select(d => d.Index));
        Assert.Equal(new SourceMark(11, 4), Scalar(result.Documents[1].Root!, "f").Start);
    }

    [Fact]
    public void A_syntax_error_on_a_document_marker_line_does_not_repeat()
    {
        var result = Load("a: 1\n--- : : x\n--- {b: 1}\n");

        Assert.Single(result.Errors);
        Assert.Equal(2, result.Errors[0].Mark.Line);
        Assert.Equal([0, 2], result.Documents.Select(d => d.Index));
    }

    [Fact]
    public void Duplicate_keys_name_the_key_and_its_first_line()
    {
        var result = Load("metadata:\n  name: a\n  labels: {}\n  name: b\n");

        var error = SingleError(result, ManifestLoadErrorKind.DuplicateKey);
        Assert.Equal(new SourceMark(4, 3), error.Mark);
        Assert.Equal("duplicate key 'name' (first defined at line 2, column 3); expected each key once per mapping", error.Message);
        Assert.Empty(result.Documents);
    }

    [Fact]
    public void User_text_in_messages_cannot_inject_terminal_escapes_or_lines()
    {
        var result = Load("\"red\\e[31m\\n::error::x\u202E\": 1\n\"red\\e[31m\\n::error::x\u202E\": 2\n");

        var error = SingleError(result, ManifestLoadErrorKind.DuplicateKey);
        Assert.StartsWith("duplicate key 'red\\u001B[31m\\u000A::error::x\\u202E' ", error.Message);
    }

    [Fact]
    public void Long_keys_are_shortened_in_messages()
    {
        var key = new string('k', 500);
        var error = SingleError(Load($"{key}: 1\n{key}: 2\n"), ManifestLoadErrorKind.DuplicateKey);

        Assert.StartsWith($"duplicate key '{new string('k', 80)}…' ", error.Message);
    }

    [Fact]
    public void Every_duplicate_key_of_a_document_is_reported()
    {
        var result = Load("a: 1\nb: 2\na: 3\nnested: {x: 1, x: 2}\nb: 4\n");

        Assert.Equal(["a", "x", "b"], result.Errors.Select(e => e.Message.Split('\'')[1]));
        Assert.All(result.Errors, e => Assert.Equal(ManifestLoadErrorKind.DuplicateKey, e.Kind));
    }

    [Theory]
    [InlineData("kind: !!python/object:os.system x", "!!python/object:os.system")]
    [InlineData("value: !Ref MyBucket", "!Ref")]
    [InlineData("value: !GetAtt [a, b]", "!GetAtt")]
    [InlineData("value: !!binary aGVsbG8=", "!!binary")]
    [InlineData("value: !!timestamp 2001-12-14", "!!timestamp")]
    [InlineData("value: !!set {a, b}", "!!set")]
    [InlineData("value: !!omap [a: 1]", "!!omap")]
    [InlineData("value: !<tag:example.com,2000:app> x", "!<tag:example.com,2000:app>")]
    [InlineData("%TAG !e! tag:example.com,2000:\n---\nvalue: !e!app x", "!<tag:example.com,2000:app>")]
    public void Custom_and_unknown_tags_are_refused(string yaml, string shownAs)
    {
        var error = SingleError(Load(yaml), ManifestLoadErrorKind.UnsupportedTag);

        Assert.Equal($"unsupported tag {shownAs}; expected no tag or one of the YAML core tags !!str, !!int, !!float, !!bool, !!null, !!map, !!seq", error.Message);
        Assert.Equal(yaml.Split('\n').Length, error.Mark.Line);
    }

    [Fact]
    public void An_undeclared_tag_handle_is_a_syntax_error_that_mentions_tags()
    {
        var error = SingleError(Load("value: !e!app x\n"), ManifestLoadErrorKind.Syntax);

        Assert.Contains("tag", error.Message);
    }

    [Theory]
    [InlineData("v: !!int abc", "'abc' is not a valid !!int value")]
    [InlineData("v: !!bool yes", "'yes' is not a valid !!bool value")]
    [InlineData("v: !!null x", "'x' is not a valid !!null value")]
    [InlineData("v: !!map x", "tag !!map cannot be used on a scalar")]
    [InlineData("v: !!seq {a: 1}", "tag !!seq cannot be used on a mapping")]
    [InlineData("v: !!str [a]", "tag !!str cannot be used on a sequence")]
    public void Core_tags_must_fit_their_content(string yaml, string message)
    {
        var error = SingleError(Load(yaml), ManifestLoadErrorKind.InvalidTaggedValue);

        Assert.Equal(message, error.Message);
        Assert.Equal(new SourceMark(1, 4), error.Mark);
    }

    [Fact]
    public void Core_collection_tags_are_accepted()
    {
        var root = LoadRoot("a: !!map {x: 1}\nb: !!seq [1]\n");

        Assert.IsType<MappingNode>(Path(root, "a"));
        Assert.IsType<SequenceNode>(Path(root, "b"));
    }

    [Fact]
    public void Mapping_and_sequence_keys_are_refused()
    {
        var result = Load("? [a, b]\n: c\n{x: 1}: d\n");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(ManifestLoadErrorKind.NonScalarKey, e.Kind));
        Assert.Equal("a mapping key must be a scalar, not a sequence", result.Errors[0].Message);
        Assert.Equal(new SourceMark(1, 3), result.Errors[0].Mark);
        Assert.Equal("a mapping key must be a scalar, not a mapping", result.Errors[1].Message);
    }

    [Fact]
    public void Anchors_and_aliases_are_expanded()
    {
        const string yaml =
            "defaults: &defaults\n" +
            "  image: web:1.0\n" +
            "  ports: [80]\n" +
            "a: *defaults\n" +
            "b: &name web\n" +
            "c: *name\n";

        var root = Assert.IsType<MappingNode>(LoadRoot(yaml));

        var alias = Assert.IsType<MappingNode>(Path(root, "a"));
        Assert.Equal(new SourceMark(4, 4), alias.Start);
        Assert.Equal(new SourceMark(2, 10), Scalar(alias, "image").Start);
        Assert.Equal("web:1.0", Scalar(alias, "image").Value);
        Assert.Equal(new SourceMark(6, 4), Scalar(root, "c").Start);
        Assert.Equal("web", Scalar(root, "c").Value);
    }

    [Fact]
    public void An_alias_to_an_unknown_or_later_anchor_is_an_error()
    {
        var result = Load("a: *later\nb: &later 1\nc: &self [*self]\n");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(ManifestLoadErrorKind.UnknownAlias, e.Kind));
        Assert.StartsWith("alias *later does not refer to an anchor defined earlier in this document", result.Errors[0].Message);
        Assert.Equal(new SourceMark(3, 11), result.Errors[1].Mark);
    }

    [Fact]
    public void Anchors_do_not_carry_over_to_the_next_document()
    {
        var result = Load("a: &x 1\n---\nb: *x\n");

        Assert.Equal(ManifestLoadErrorKind.UnknownAlias, Assert.Single(result.Errors).Kind);
        Assert.Equal(1, result.Errors[0].DocumentIndex);
        Assert.Equal([0], result.Documents.Select(d => d.Index));
    }

    [Fact]
    public void Merge_keys_merge_without_overriding_explicit_keys()
    {
        const string yaml =
            "base: &base {cpu: 1, memory: 1Gi, tier: base}\n" +
            "extra: &extra {tier: extra, zone: a, memory: 2Gi}\n" +
            "merged:\n" +
            "  name: job\n" +
            "  <<: [*base, *extra]\n" +
            "  cpu: 2\n";

        var merged = Assert.IsType<MappingNode>(Path(LoadRoot(yaml), "merged"));

        Assert.Equal(["name", "memory", "tier", "zone", "cpu"], merged.Keys);
        Assert.Equal("2", Scalar(merged, "cpu").Value);
        Assert.Equal("1Gi", Scalar(merged, "memory").Value);
        Assert.Equal("base", Scalar(merged, "tier").Value);
        Assert.Equal(new SourceMark(2, 35), Scalar(merged, "zone").Start);
    }

    [Fact]
    public void A_quoted_merge_key_is_an_ordinary_key()
    {
        var root = Assert.IsType<MappingNode>(LoadRoot("\"<<\": x\n"));

        Assert.Equal(["<<"], root.Keys);
    }

    [Theory]
    [InlineData("a: 1\nb:\n  <<: 5\n")]
    [InlineData("a: 1\nb:\n  <<: [{x: 1}, 2]\n")]
    public void A_merge_of_something_other_than_mappings_is_an_error(string yaml)
    {
        var error = SingleError(Load(yaml), ManifestLoadErrorKind.InvalidMerge);

        Assert.Equal(3, error.Mark.Line);
        Assert.Contains("expects a mapping", error.Message);
    }

    [Fact]
    public void The_error_count_is_capped()
    {
        var yaml = string.Concat(Enumerable.Range(0, 500).Select(_ => "a: 1\n"));

        var result = Load(yaml);

        Assert.Equal(ManifestLoadLimits.Default.MaxErrors + 1, result.Errors.Count);
        Assert.Equal(ManifestLoadErrorKind.TooManyErrors, result.Errors[^1].Kind);
    }

    [Fact]
    public void Too_many_documents_is_an_error()
    {
        var yaml = string.Concat(Enumerable.Repeat("---\na: 1\n", 11));

        var result = Load(yaml, new ManifestLoadLimits { MaxDocuments = 10 });

        var error = SingleError(result, ManifestLoadErrorKind.DocumentLimit);
        Assert.Equal(new SourceMark(21, 1), error.Mark);
        Assert.Contains("more than 10 YAML documents", error.Message);
        Assert.Equal(10, result.Documents.Count);
    }

    [Fact]
    public void Bare_document_end_markers_do_not_throw_and_later_documents_still_load()
    {
        // YamlDotNet throws InvalidOperationException("The scanner should contain no more tokens.") here,
        // although the input is valid YAML.
        var result = Load("...\n...\n---\na: 1\n");

        var error = SingleError(result, ManifestLoadErrorKind.ParserFailure);
        Assert.StartsWith("the YAML parser failed here (InvalidOperationException: The scanner should contain no more tokens)", error.Message);
        Assert.Equal([1], result.Documents.Select(d => d.Index));
    }

    [Fact]
    public void A_malformed_tag_is_a_syntax_error()
    {
        // YamlDotNet throws ArgumentException("Global tags must be valid URIs.") here.
        var result = Load("args: [8080, !!s]tr 1.5]\n---\nb: 1\n");

        var error = result.Errors[0];
        Assert.Equal(ManifestLoadErrorKind.Syntax, error.Kind);
        Assert.StartsWith("invalid YAML: malformed tag (Global tags must be valid URIs); expected no tag or one of !!str", error.Message);
        Assert.Equal(1, error.Mark.Line);
        Assert.Equal([1], result.Documents.Select(d => d.Index));
    }
}
