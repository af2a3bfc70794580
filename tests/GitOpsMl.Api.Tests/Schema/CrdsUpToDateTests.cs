using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Tests.Schema;

/// <summary>crds/ is generated from the API types and never edited by hand; this keeps it in sync.</summary>
public class CrdsUpToDateTests
{
    private const string Fix = "run `gitopsml crds --out crds` (dotnet operator/GitOpsMl.Cli/bin/Debug/net10.0/gitopsml.dll crds --out crds) and commit the result";

    private static string CrdDirectory => TestPaths.Combine("crds");

    [Fact]
    public void Every_kind_has_its_crd_file_and_it_matches_the_generator_byte_for_byte()
    {
        var stale = new List<string>();
        foreach (var kind in KindRegistry.All)
        {
            var path = Path.Combine(CrdDirectory, CrdGenerator.FileName(kind));
            if (!File.Exists(path)) stale.Add($"crds/{CrdGenerator.FileName(kind)} is missing ({kind.Kind})");
            else if (File.ReadAllText(path) != CrdGenerator.Generate(kind)) stale.Add($"crds/{CrdGenerator.FileName(kind)} differs from the {kind.Kind} types");
        }

        Assert.True(stale.Count == 0, string.Join("\n", stale) + "\nThe CRDs are out of date: " + Fix);
    }

    [Fact]
    public void The_crd_folder_holds_no_file_that_no_kind_generates()
    {
        var expected = KindRegistry.All.Select(CrdGenerator.FileName).ToHashSet(StringComparer.Ordinal);
        var extra = Directory.EnumerateFiles(CrdDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(CrdDirectory, f))
            .Where(f => !expected.Contains(f))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(extra.Count == 0, "crds/ holds files no kind generates: " + string.Join(", ", extra)
            + "\nDelete them (a kind was renamed or removed?) and " + Fix);
    }

    [Fact]
    public void Every_crd_file_starts_with_the_do_not_edit_header()
    {
        foreach (var kind in KindRegistry.All)
            Assert.StartsWith(CrdGenerator.Header, CrdGenerator.Generate(kind));
    }
}
