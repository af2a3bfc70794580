using GitOpsMl.Api.Manifests;
using static GitOpsMl.Api.Tests.Manifests.ManifestTestHelpers;

namespace GitOpsMl.Api.Tests.Manifests;

public class ScalarResolutionTests
{
    [Theory]
    // YAML 1.2 core schema, plain scalars.
    [InlineData("1", ScalarKind.Int)]
    [InlineData("-17", ScalarKind.Int)]
    [InlineData("+5", ScalarKind.Int)]
    [InlineData("007", ScalarKind.Int)]
    [InlineData("0o17", ScalarKind.Int)]
    [InlineData("0x1F", ScalarKind.Int)]
    [InlineData("1.5", ScalarKind.Float)]
    [InlineData("-.5", ScalarKind.Float)]
    [InlineData("1.", ScalarKind.Float)]
    [InlineData("1e3", ScalarKind.Float)]
    [InlineData("6.02E+23", ScalarKind.Float)]
    [InlineData(".inf", ScalarKind.Float)]
    [InlineData("-.Inf", ScalarKind.Float)]
    [InlineData(".NaN", ScalarKind.Float)]
    [InlineData("true", ScalarKind.Bool)]
    [InlineData("False", ScalarKind.Bool)]
    [InlineData("TRUE", ScalarKind.Bool)]
    [InlineData("~", ScalarKind.Null)]
    [InlineData("null", ScalarKind.Null)]
    [InlineData("NULL", ScalarKind.Null)]
    [InlineData("", ScalarKind.Null)]
    // YAML 1.1 spellings that 1.2 reads as strings.
    [InlineData("yes", ScalarKind.String)]
    [InlineData("no", ScalarKind.String)]
    [InlineData("on", ScalarKind.String)]
    [InlineData("Off", ScalarKind.String)]
    [InlineData("y", ScalarKind.String)]
    [InlineData("tRUE", ScalarKind.String)]
    [InlineData("nULL", ScalarKind.String)]
    [InlineData("0b101", ScalarKind.String)]
    [InlineData("1_000", ScalarKind.String)]
    [InlineData("0x", ScalarKind.String)]
    [InlineData("0o8", ScalarKind.String)]
    [InlineData("-0x1", ScalarKind.String)]
    [InlineData("1e", ScalarKind.String)]
    [InlineData(".", ScalarKind.String)]
    [InlineData("1.2.3", ScalarKind.String)]
    [InlineData("12:30:00", ScalarKind.String)]
    [InlineData("2024-01-01", ScalarKind.String)]
    [InlineData("500m", ScalarKind.String)]
    [InlineData("1Gi", ScalarKind.String)]
    [InlineData("inf", ScalarKind.String)]
    [InlineData("nan", ScalarKind.String)]
    public void Plain_scalars_resolve_by_the_core_schema(string text, ScalarKind expected)
    {
        var value = Scalar(LoadRoot($"value: {text}\n"), "value");

        Assert.Equal(expected, value.Kind);
        Assert.Equal(text, value.Value);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("'1'")]
    [InlineData("\"true\"")]
    [InlineData("'null'")]
    [InlineData("\"\"")]
    [InlineData("|\n  1\n")]
    [InlineData(">-\n  true\n")]
    public void Quoted_and_block_scalars_are_always_strings(string text)
    {
        var value = Scalar(LoadRoot($"value: {text}\n"), "value");

        Assert.Equal(ScalarKind.String, value.Kind);
        Assert.False(value.TryGetLong(out _));
        Assert.False(value.TryGetBool(out _));
    }

    [Theory]
    [InlineData("!!str 1", ScalarKind.String, "1")]
    [InlineData("!!int \"12\"", ScalarKind.Int, "12")]
    [InlineData("!!float 1", ScalarKind.Float, "1")]
    [InlineData("!!bool 'true'", ScalarKind.Bool, "true")]
    [InlineData("!!null ''", ScalarKind.Null, "")]
    [InlineData("! 12", ScalarKind.String, "12")]
    [InlineData("!<tag:yaml.org,2002:str> 12", ScalarKind.String, "12")]
    public void Core_tags_set_the_kind(string text, ScalarKind kind, string value)
    {
        var scalar = Scalar(LoadRoot($"value: {text}\n"), "value");

        Assert.Equal(kind, scalar.Kind);
        Assert.Equal(value, scalar.Value);
    }

    [Theory]
    [InlineData("1", 1L)]
    [InlineData("-17", -17L)]
    [InlineData("+5", 5L)]
    [InlineData("007", 7L)]
    [InlineData("0o17", 15L)]
    [InlineData("0x1F", 31L)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void TryGetLong_reads_decimal_octal_and_hex(string text, long expected)
    {
        var value = Scalar(LoadRoot($"v: {text}"), "v");

        Assert.True(value.TryGetLong(out long actual));
        Assert.Equal(expected, actual);
        Assert.True(value.TryGetDouble(out double asDouble));
        Assert.Equal(expected, asDouble);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("0x8000000000000000")]
    [InlineData("0o1777777777777777777777")]
    public void Ints_beyond_64_bits_are_ints_without_a_long_value(string text)
    {
        var value = Scalar(LoadRoot($"v: {text}"), "v");

        Assert.Equal(ScalarKind.Int, value.Kind);
        Assert.False(value.TryGetLong(out _));
        Assert.True(value.TryGetDouble(out double d));
        Assert.True(d >= 9.2e18);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-.5", -0.5)]
    [InlineData("1.", 1.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData(".inf", double.PositiveInfinity)]
    [InlineData("-.INF", double.NegativeInfinity)]
    [InlineData(".nan", double.NaN)]
    [InlineData("1e999", double.PositiveInfinity)]
    public void TryGetDouble_reads_floats(string text, double expected)
    {
        var value = Scalar(LoadRoot($"v: {text}"), "v");

        Assert.Equal(ScalarKind.Float, value.Kind);
        Assert.True(value.TryGetDouble(out double actual));
        Assert.Equal(expected, actual);
        Assert.False(value.TryGetLong(out _));
    }

    [Fact]
    public void TryGetBool_reads_bools_only()
    {
        var root = LoadRoot("a: true\nb: FALSE\nc: yes\n");

        Assert.True(Scalar(root, "a").TryGetBool(out bool a) && a);
        Assert.True(Scalar(root, "b").TryGetBool(out bool b) && !b);
        Assert.False(Scalar(root, "c").TryGetBool(out _));
    }

    [Fact]
    public void Keys_are_scalars_with_their_own_kinds()
    {
        var root = Assert.IsType<MappingNode>(LoadRoot("1: one\ntrue: yes\n~: nothing\n"));

        Assert.Equal([ScalarKind.Int, ScalarKind.Bool, ScalarKind.Null], root.Entries.Select(e => e.Key.Kind));
        Assert.True(root.ContainsKey("1"));
    }

    [Fact]
    public void A_key_written_as_int_and_as_string_is_the_same_key()
    {
        var result = Load("1: a\n\"1\": b\n");

        Assert.Equal(ManifestLoadErrorKind.DuplicateKey, Assert.Single(result.Errors).Kind);
    }
}
