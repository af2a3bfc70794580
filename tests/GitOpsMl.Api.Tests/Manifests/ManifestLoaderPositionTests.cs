using GitOpsMl.Api.Manifests;
using static GitOpsMl.Api.Tests.Manifests.ManifestTestHelpers;

namespace GitOpsMl.Api.Tests.Manifests;

public class ManifestLoaderPositionTests
{
    private const string MultiDocument =
        "# a comment line\n" +                       // 1
        "apiVersion: v1\n" +                         // 2
        "kind: ConfigMap\n" +                        // 3
        "metadata:\n" +                              // 4
        "  name: settings\n" +                       // 5
        "data: {mode: fast, \"level\": '3'}\n" +     // 6
        "---\n" +                                    // 7
        "apiVersion: apps/v1\n" +                    // 8
        "kind: Deployment\n" +                       // 9
        "spec:\n" +                                  // 10
        "  replicas: 3\n" +                          // 11
        "  containers:\n" +                          // 12
        "    - name: web\n" +                        // 13
        "      args: [\"--port\", 8080]\n" +         // 14
        "---\n" +                                    // 15
        "--- # only a comment\n" +                   // 16
        "...\n";                                     // 17

    [Fact]
    public void Every_document_and_node_carries_its_line_and_column()
    {
        var documents = LoadClean(MultiDocument);

        Assert.Equal(4, documents.Count);
        Assert.Equal([0, 1, 2, 3], documents.Select(d => d.Index));
        Assert.Equal(new SourceMark(2, 1), documents[0].Start);
        Assert.Equal(new SourceMark(7, 1), documents[1].Start);
        Assert.Equal(new SourceMark(15, 1), documents[2].Start);
        Assert.Equal(new SourceMark(16, 1), documents[3].Start);

        var config = Assert.IsType<MappingNode>(documents[0].Root);
        Assert.Equal(new SourceMark(2, 1), config.Start);
        Assert.Equal(["apiVersion", "kind", "metadata", "data"], config.Keys);
        Assert.True(config.TryGetEntry("metadata", out var metadata));
        Assert.Equal(new SourceMark(4, 1), metadata.Key.Start);
        Assert.Equal(new SourceMark(5, 3), Path(config, "metadata").Start);
        Assert.Equal(new SourceMark(5, 9), Scalar(config, "metadata", "name").Start);
        Assert.Equal(new SourceMark(6, 7), Path(config, "data").Start);
        Assert.Equal(new SourceMark(6, 14), Scalar(config, "data", "mode").Start);
        Assert.Equal(new SourceMark(6, 29), Scalar(config, "data", "level").Start);

        var deployment = documents[1].Root!;
        Assert.Equal(new SourceMark(8, 1), deployment.Start);
        Assert.Equal(new SourceMark(11, 13), Scalar(deployment, "spec", "replicas").Start);
        Assert.Equal(new SourceMark(13, 7), Path(deployment, "spec", "containers", 0).Start);
        Assert.Equal(new SourceMark(13, 13), Scalar(deployment, "spec", "containers", 0, "name").Start);
        Assert.Equal(new SourceMark(14, 13), Path(deployment, "spec", "containers", 0, "args").Start);
        Assert.Equal(new SourceMark(14, 14), Scalar(deployment, "spec", "containers", 0, "args", 0).Start);
        Assert.Equal(new SourceMark(14, 24), Scalar(deployment, "spec", "containers", 0, "args", 1).Start);

        // "---" alone and "---" followed only by a comment are empty documents.
        Assert.Null(documents[2].Root);
        Assert.Null(documents[3].Root);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_does_not_shift_columns()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "name: x\n"u8];

        var result = ManifestLoader.Load(FileName, bytes);

        Assert.True(result.Success);
        var root = Assert.IsType<MappingNode>(result.Documents[0].Root);
        Assert.True(root.TryGetEntry("name", out var entry));
        Assert.Equal(new SourceMark(1, 1), entry.Key.Start);
        Assert.Equal(new SourceMark(1, 7), entry.Value.Start);
    }

    [Fact]
    public void Windows_line_endings_count_one_line_each()
    {
        var root = LoadRoot("a: 1\r\nb:\r\n  c: 2\r\n");

        Assert.Equal(new SourceMark(3, 6), Scalar(root, "b", "c").Start);
    }

    [Fact]
    public void An_empty_file_or_a_file_of_comments_has_no_documents()
    {
        Assert.Empty(LoadClean(""));
        Assert.Empty(LoadClean("# nothing here\n\n"));
    }

    [Fact]
    public void Mapping_order_is_kept_and_lookup_works_for_small_and_large_mappings()
    {
        var keys = Enumerable.Range(0, 20).Select(i => $"k{19 - i}").ToArray();
        var root = Assert.IsType<MappingNode>(LoadRoot(string.Join("\n", keys.Select(k => $"{k}: v{k}"))));
        Assert.Equal(keys, root.Keys);
        Assert.Equal("vk7", Assert.IsType<ScalarNode>(root.GetValueOrDefault("k7")).Value);
        Assert.False(root.ContainsKey("k20"));

        var small = Assert.IsType<MappingNode>(LoadRoot("b: 1\na: 2\n"));
        Assert.Equal(["b", "a"], small.Keys);
        Assert.True(small.TryGetValue("a", out var a));
        Assert.Equal("2", Assert.IsType<ScalarNode>(a).Value);
        Assert.Null(small.GetValueOrDefault("c"));
    }

    [Fact]
    public void Errors_format_as_file_line_column_message()
    {
        var result = Load("a: 1\na: 2\n");

        var line = Assert.Single(result.FormatErrors());
        Assert.StartsWith($"{FileName}:2:1: duplicate key 'a'", line);
    }
}
