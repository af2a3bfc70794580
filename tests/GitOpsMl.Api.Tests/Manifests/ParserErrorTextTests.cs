using GitOpsMl.Api.Manifests;

namespace GitOpsMl.Api.Tests.Manifests;

public class ParserErrorTextTests
{
    private const string ColonHint = "a ': ' inside an unquoted value, or a wrongly indented key? quote the value or fix the indentation";
    private const string IndentHint = "check the indentation of this line";

    [Theory]
    // The position YamlDotNet puts in front ("(start) - (end): ") goes: the loader reports it separately.
    [InlineData(
        "(Line: 2, Col: 1, Idx: 10) - (Line: 2, Col: 1, Idx: 10): While parsing a flow sequence, did not find expected ',' or ']'.",
        "invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'")]
    [InlineData(
        "(Line: 2, Col: 1, Idx: 10): Did not find expected <document start>.",
        "invalid YAML: did not find expected <document start>")]
    // Only a capitalised word is lowercased, never an acronym.
    [InlineData("YAML version directive is not supported.", "invalid YAML: YAML version directive is not supported")]
    [InlineData("  Anchor before sequence entry on same line is not allowed.  ", "invalid YAML: anchor before sequence entry on same line is not allowed")]
    // Common mistakes get a hint.
    [InlineData(
        "While scanning a plain scalar value, found invalid mapping.",
        "invalid YAML: while scanning a plain scalar value, found invalid mapping (" + ColonHint + ")")]
    [InlineData(
        "Mapping values are not allowed in this context.",
        "invalid YAML: mapping values are not allowed in this context (" + ColonHint + ")")]
    [InlineData(
        "While parsing a block mapping, did not find expected key.",
        "invalid YAML: while parsing a block mapping, did not find expected key (" + IndentHint + ")")]
    [InlineData(
        "While parsing a block collection, did not find expected '-' indicator.",
        "invalid YAML: while parsing a block collection, did not find expected '-' indicator (" + IndentHint + ")")]
    [InlineData(
        "While scanning a plain scalar, found a tab character that violate indentation.",
        "invalid YAML: while scanning a plain scalar, found a tab character that violate indentation (indent with spaces; YAML does not allow tabs in indentation)")]
    [InlineData(
        "While scanning for the next token, found character that cannot start any token.",
        "invalid YAML: while scanning for the next token, found character that cannot start any token ('@' and '`' cannot start a plain value; quote it)")]
    [InlineData(
        "While parsing a node, found undefined tag handle.",
        "invalid YAML: while parsing a node, found undefined tag handle (custom tags are not supported; expected no tag or one of !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)")]
    public void YamlDotNet_messages_lose_their_position_and_gain_a_hint_for_common_mistakes(string yamlMessage, string expected) =>
        Assert.Equal(expected, ParserErrorText.CleanYamlMessage(yamlMessage));

    [Fact]
    public void An_argument_exception_message_loses_its_parameter_name()
    {
        var exception = new ArgumentException("Global tags must be valid URIs.", "tag");

        Assert.Equal("Global tags must be valid URIs", ParserErrorText.CleanExceptionMessage(exception));
    }
}
