using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>docs/reference.md is generated from the API types and never edited by hand; this keeps it in sync, as CrdsUpToDateTests does crds/.</summary>
public class ReferenceUpToDateTests
{
    private const string Fix = "run `gitopsml docs --out docs/reference.md` (dotnet operator/GitOpsMl.Cli/bin/Debug/net10.0/gitopsml.dll docs --out docs/reference.md) and commit the result";

    [Fact]
    public void The_committed_reference_matches_the_generator_byte_for_byte()
    {
        var path = TestPaths.Combine("docs", "reference.md");

        Assert.True(File.Exists(path), "docs/reference.md is missing: " + Fix);
        Assert.True(File.ReadAllText(path) == ReferenceWriter.Markdown(), "docs/reference.md differs from the API types: " + Fix);
    }

    [Fact]
    public void The_reference_starts_with_the_do_not_edit_header()
    {
        Assert.StartsWith(ReferenceWriter.Header, ReferenceWriter.Markdown());
    }
}
