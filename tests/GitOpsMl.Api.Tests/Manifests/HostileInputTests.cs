using System.Text;
using GitOpsMl.Api.Manifests;
using static GitOpsMl.Api.Tests.Manifests.ManifestTestHelpers;

namespace GitOpsMl.Api.Tests.Manifests;

/// <summary>
/// Inputs built to crash or exhaust the validator. Each must end in an error that names the problem,
/// within 2 seconds and 200 MB of allocation.
/// </summary>
[Collection(HostileInputCollection.Name)]
public class HostileInputTests
{
    // Guarded work takes 10-250 ms; unguarded, YamlDotNet spent 18.8 s on 100k-deep nesting. 5 s leaves room for a loaded 2-core CI machine.
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(5);
    private const long AllocationBound = 200L * 1024 * 1024;

    private static ManifestLoadError LoadHostile(byte[] bytes, ManifestLoadErrorKind expected, ManifestLoadLimits? limits = null)
    {
        var result = LoadMeasured(bytes, out var elapsed, out long allocated, limits);

        Assert.True(elapsed < TimeBound, $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(allocated < AllocationBound, $"allocated {allocated / (1024 * 1024)} MB");
        Assert.NotEmpty(result.Errors);
        var error = result.Errors[0];
        Assert.True(error.Kind == expected, $"expected {expected}, got {error.Kind}: {error.Message}");
        return error;
    }

    private static ManifestLoadError LoadHostile(string yaml, ManifestLoadErrorKind expected, ManifestLoadLimits? limits = null) =>
        LoadHostile(Encoding.UTF8.GetBytes(yaml), expected, limits);

    [Fact]
    public void Billion_laughs_alias_bomb_stops_at_the_node_budget()
    {
        var yaml = new StringBuilder("lol: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'i'; level++)
        {
            string previous = $"*{(char)(level - 1)}";
            yaml.Append($"l{level}: &{level} [{string.Join(",", Enumerable.Repeat(previous, 9))}]\n");
        }

        var error = LoadHostile(yaml.ToString(), ManifestLoadErrorKind.NodeLimit);

        Assert.Contains("expands to more than 200000 nodes at alias *e", error.Message);
        Assert.Equal(6, error.Mark.Line);
    }

    [Fact]
    public void A_wide_alias_fan_out_stops_at_the_node_budget()
    {
        var yaml = $"a: &a [{string.Join(",", Enumerable.Repeat("x", 1000))}]\nb: [{string.Join(",", Enumerable.Repeat("*a", 1000))}]\n";

        var error = LoadHostile(yaml, ManifestLoadErrorKind.NodeLimit);

        Assert.Contains("expands to more than", error.Message);
    }

    [Fact]
    public void Aliases_cannot_stack_nesting_past_the_depth_limit()
    {
        // Each anchor is one level deeper than the last, while the text never nests more than two levels.
        var yaml = new StringBuilder("a0: &a0 [x]\n");
        for (int i = 1; i < 100; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}]\n");
        }

        var error = LoadHostile(yaml.ToString(), ManifestLoadErrorKind.DepthLimit);

        Assert.Equal("alias *a62 nests 65 levels deep here, more than the limit of 64", error.Message);
    }

    [Theory]
    [InlineData("[", "")]
    [InlineData("[", "]")]
    [InlineData("{a: ", "")]
    [InlineData("- ", "")] // block sequences nested on one line: 100k levels by indentation would need 5 GB
    [InlineData("? ", "")]
    public void Nesting_100k_levels_deep_stops_at_the_depth_limit(string open, string close)
    {
        var yaml = string.Concat(Enumerable.Repeat(open, 100_000)) + "x" + string.Concat(Enumerable.Repeat(close, 100_000));

        var error = LoadHostile(yaml, ManifestLoadErrorKind.DepthLimit);

        Assert.Equal(1, error.Mark.Line);
        Assert.Equal(1 + (64 * open.Length), error.Mark.Column);
        Assert.Contains("nesting is deeper than 64 levels", error.Message);
    }

    [Fact]
    public void Block_indentation_as_deep_as_fits_in_the_size_limit_stops_at_the_depth_limit()
    {
        var yaml = new StringBuilder();
        for (int level = 0; yaml.Length + level + 3 < ManifestLoadLimits.Default.MaxFileBytes; level++)
        {
            yaml.Append(' ', level).Append("k:\n");
        }

        var error = LoadHostile(yaml.ToString(), ManifestLoadErrorKind.DepthLimit);

        Assert.Equal(new SourceMark(65, 65), error.Mark);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_without_parsing()
    {
        var bytes = new byte[5 * 1024 * 1024];
        bytes.AsSpan().Fill((byte)'[');

        var result = LoadMeasured(bytes, out var elapsed, out long allocated);

        var error = SingleError(result, ManifestLoadErrorKind.FileTooLarge);
        Assert.Equal("the file is 5242880 bytes, more than the limit of 4194304 bytes; it was not parsed", error.Message);
        Assert.Equal(SourceMark.FileStart, error.Mark);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(100));
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_binary_bytes_are_refused_as_binary(int seed)
    {
        var bytes = new byte[4 * 1024 * 1024];
        new Random(seed).NextBytes(bytes);

        var result = LoadMeasured(bytes, out var elapsed, out long allocated);

        var error = Assert.Single(result.Errors);
        Assert.True(error.Kind is ManifestLoadErrorKind.BinaryContent or ManifestLoadErrorKind.InvalidEncoding, error.Kind.ToString());
        Assert.Contains("binary", error.Message);
        Assert.Contains("at byte offset", error.Message);
        Assert.True(elapsed < TimeBound);
        Assert.True(allocated < AllocationBound);
    }

    [Fact]
    public void A_NUL_byte_inside_valid_yaml_is_refused_with_its_offset_and_position()
    {
        var bytes = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: Pod\nmetadata:\n  name: we\0b\n");

        var error = LoadHostile(bytes, ManifestLoadErrorKind.BinaryContent);

        Assert.StartsWith("NUL byte at byte offset 45: the file looks binary", error.Message);
        Assert.Equal(new SourceMark(4, 11), error.Mark);
    }

    [Theory]
    [InlineData("\u0001")]
    [InlineData("\u001B")]
    [InlineData("\u007F")]
    [InlineData("\u0090")]
    [InlineData("\uFFFF")]
    public void Control_characters_yaml_excludes_are_refused(string character)
    {
        // YamlDotNet would silently turn "value: \u0001" into an empty string.
        var error = LoadHostile($"a: 1\nvalue: x{character}y\n", ManifestLoadErrorKind.BinaryContent);

        Assert.StartsWith($"control character U+{(int)character[0]:X4} at byte offset 13", error.Message);
        Assert.Equal(new SourceMark(2, 9), error.Mark);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_its_byte_offset()
    {
        // "café" in Latin-1.
        byte[] bytes = [.. "kind: Pod\nname: caf"u8, 0xE9, .. "\n"u8];

        var error = LoadHostile(bytes, ManifestLoadErrorKind.InvalidEncoding);

        Assert.Equal("invalid UTF-8 at byte offset 19 (byte 0xE9): the file looks binary or uses another encoding; a manifest must be UTF-8 text", error.Message);
        Assert.Equal(new SourceMark(2, 10), error.Mark);
    }

    [Fact]
    public void Utf16_is_refused_as_another_encoding()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a: 1\n")).ToArray();

        var error = LoadHostile(bytes, ManifestLoadErrorKind.InvalidEncoding);

        Assert.Equal("the file starts with a UTF-16 byte order mark; a manifest must be UTF-8 text", error.Message);
    }

    [Fact]
    public void Many_duplicate_keys_stop_at_the_error_cap()
    {
        var yaml = string.Concat(Enumerable.Repeat("key: value\n", 300_000));

        var result = LoadMeasured(Encoding.UTF8.GetBytes(yaml), out var elapsed, out long allocated);

        Assert.Equal(ManifestLoadErrorKind.DuplicateKey, result.Errors[0].Kind);
        Assert.Equal("duplicate key 'key' (first defined at line 1, column 1); expected each key once per mapping", result.Errors[0].Message);
        Assert.Equal(ManifestLoadErrorKind.TooManyErrors, result.Errors[^1].Kind);
        Assert.True(elapsed < TimeBound);
        Assert.True(allocated < AllocationBound);
    }

    [Fact]
    public void Code_execution_tags_are_refused()
    {
        var error = LoadHostile(
            "spec: !!python/object/apply:os.system [\"rm -rf /\"]\n",
            ManifestLoadErrorKind.UnsupportedTag);

        Assert.StartsWith("unsupported tag !!python/object/apply:os.system;", error.Message);
    }

    [Fact]
    public void An_extremely_long_scalar_is_refused()
    {
        var yaml = "data: " + new string('x', 4_000_000) + "\n";

        var error = LoadHostile(yaml, ManifestLoadErrorKind.ScalarTooLong);

        Assert.Equal("scalar is 4000000 characters long, more than the limit of 1048576", error.Message);
        Assert.Equal(new SourceMark(1, 7), error.Mark);
    }

    [Fact]
    public void An_extremely_long_quoted_scalar_over_many_lines_is_refused()
    {
        var yaml = "data: \"" + string.Concat(Enumerable.Repeat("0123456789 abcdef\\n\n  ", 150_000)) + "\"\n";

        var error = LoadHostile(yaml, ManifestLoadErrorKind.ScalarTooLong);

        Assert.Equal(new SourceMark(1, 7), error.Mark);
    }

    [Fact]
    public void An_extremely_long_line_of_small_nodes_stops_at_the_node_budget()
    {
        var yaml = "[" + string.Concat(Enumerable.Repeat("a,", 2_000_000)) + "]";

        var error = LoadHostile(yaml, ManifestLoadErrorKind.NodeLimit);

        Assert.Equal("the file has more than 200000 YAML nodes (the limit); split it", error.Message);
        Assert.Equal(1, error.Mark.Line);
    }

    [Fact]
    public void An_extremely_long_key_is_refused()
    {
        var yaml = new string('k', 3_000_000) + ": v\n";

        var error = LoadHostile(yaml, ManifestLoadErrorKind.ScalarTooLong);

        Assert.Equal(new SourceMark(1, 1), error.Mark);
    }

    [Fact]
    public void A_key_longer_than_YAML_allows_for_an_implicit_key_is_a_syntax_error()
    {
        var yaml = new string('k', 2_000) + ": v\n";

        var error = LoadHostile(yaml, ManifestLoadErrorKind.Syntax);

        Assert.StartsWith("invalid YAML:", error.Message);
    }

    [Fact]
    public void Millions_of_empty_documents_stop_at_the_document_limit()
    {
        var yaml = string.Concat(Enumerable.Repeat("---\n", 1_000_000));

        var error = LoadHostile(yaml, ManifestLoadErrorKind.DocumentLimit);

        Assert.Equal(new SourceMark(1001, 1), error.Mark);
    }

    [Fact]
    public void Millions_of_broken_documents_stop_at_the_error_cap()
    {
        var yaml = string.Concat(Enumerable.Repeat("--- [\n", 600_000));

        var result = LoadMeasured(Encoding.UTF8.GetBytes(yaml), out var elapsed, out long allocated);

        Assert.Equal(ManifestLoadErrorKind.Syntax, result.Errors[0].Kind);
        Assert.Equal(ManifestLoadErrorKind.TooManyErrors, result.Errors[^1].Kind);
        Assert.True(elapsed < TimeBound, $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(allocated < AllocationBound, $"allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public void Millions_of_document_end_markers_do_not_throw()
    {
        var yaml = string.Concat(Enumerable.Repeat("...\n", 1_000_000));

        var error = LoadHostile(yaml, ManifestLoadErrorKind.ParserFailure);

        Assert.StartsWith("the YAML parser failed here", error.Message);
    }

    [Fact]
    public void A_large_legitimate_file_loads_within_the_bounds()
    {
        // About 2.4 MB of Deployment-like documents.
        var document = new StringBuilder();
        document.Append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web, tier: frontend}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n");
        for (int c = 0; c < 5; c++)
        {
            document.Append($"        - name: c{c}\n          image: registry.example.com/team/web:1.2.{c}\n          ports: [{{containerPort: 8080}}]\n          resources: {{limits: {{cpu: 500m, memory: 1Gi}}}}\n");
        }

        var yaml = string.Join("---\n", Enumerable.Repeat(document.ToString(), 2_000));
        var bytes = Encoding.UTF8.GetBytes(yaml);

        var result = LoadMeasured(bytes, out var elapsed, out long allocated, new ManifestLoadLimits { MaxDocuments = 2_000, MaxNodes = 1_000_000 });

        Assert.True(result.Success, string.Join("\n", result.FormatErrors().Take(3)));
        Assert.Equal(2_000, result.Documents.Count);
        // A legitimate file is not a hostile one: its time bound only has to catch a pathology, and CI
        // runs every test assembly at once on two cores (3.7 s was seen there for ~180 ms of work).
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"took {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(allocated < AllocationBound, $"allocated {allocated / (1024 * 1024)} MB");
    }
}
