using System.Text;
using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Tests.Validation;

/// <summary>
/// The invalid-manifest corpus: every file in InvalidCorpus/ holds one deliberate mistake (one
/// file holds several on purpose) and says, in `# expect:` header lines, the exact diagnostics
/// `gitopsml validate` must print for it, in order. Each file is validated together with the
/// valid objects in InvalidCorpus/base/, which it may refer to.
/// </summary>
public class InvalidCorpusTests
{
    private const string ExpectPrefix = "# expect: ";

    public static string CorpusDirectory { get; } = TestPaths.Combine("tests", "GitOpsMl.Api.Tests", "Validation", "InvalidCorpus");

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var name in CorpusFileNames()) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Each_invalid_manifest_reports_exactly_the_lines_its_header_expects(string name)
    {
        var expected = ExpectedLines(name);

        var report = ManifestValidator.Validate([.. BaseFiles(), CorpusFile(name)]);

        Assert.Equal(expected, report.Diagnostics.Select(d => d.ToString()));
        Assert.False(report.IsValid);
    }

    [Fact]
    public void The_shared_base_validates_without_any_diagnostic()
    {
        var report = ManifestValidator.Validate(BaseFiles());

        Assert.Empty(report.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(
            ["Dataset", "Deployment", "FeatureSet", "Model", "Monitor", "TrainingJob"],
            report.Objects.Select(o => o.Kind.Kind).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_corpus_holds_at_least_35_files_each_expecting_errors_in_itself_only()
    {
        var names = CorpusFileNames();

        Assert.True(names.Count >= 35, $"the corpus holds {names.Count} files, fewer than 35");
        foreach (var name in names)
        {
            var expected = ExpectedLines(name);
            Assert.True(expected.Count > 0, $"{name} has no '{ExpectPrefix}' header line");
            Assert.All(expected, line => Assert.StartsWith(name + ":", line));
        }
    }

    [Fact]
    public void Expectation_lines_come_first_so_a_reviewer_sees_them_beside_the_mistake()
    {
        foreach (var name in CorpusFileNames())
        {
            var lines = File.ReadAllLines(Path.Combine(CorpusDirectory, name));
            var lastHeader = Array.FindLastIndex(lines, l => l.StartsWith(ExpectPrefix, StringComparison.Ordinal));
            Assert.True(lines.Take(lastHeader + 1).All(l => l.StartsWith('#')), $"{name}: '# expect:' lines must be in the leading comment block");
        }
    }

    [Fact]
    public void A_configmap_beside_the_manifests_is_skipped_with_a_note_and_the_set_stays_valid()
    {
        var configMap = new ManifestFile("config.yaml", Encoding.UTF8.GetBytes("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: trainer-settings
            data:
              threads: "4"
            """));

        var report = ManifestValidator.Validate([.. BaseFiles(), configMap]);

        Assert.True(report.IsValid);
        Assert.Equal(0, report.ErrorCount);
        Assert.Equal(["config.yaml:1:1: note: ConfigMap/trainer-settings: skipped: v1 is not a GitOpsMl API"],
            report.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(DiagnosticSeverity.Note, Assert.Single(report.Diagnostics).Severity);
        Assert.Equal(6, report.Objects.Count);
    }

    [Fact]
    public void An_object_of_another_group_in_the_same_file_is_skipped_with_a_note()
    {
        var file = new ManifestFile("mixed.yaml", Encoding.UTF8.GetBytes("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec: {replicas: 2}
            ---
            apiVersion: gitopsml.io/v1alpha1
            kind: Model
            metadata:
              name: extra
            spec: {promotion: manual}
            """));

        var report = ManifestValidator.Validate([.. BaseFiles(), file]);

        Assert.True(report.IsValid);
        Assert.Equal(["mixed.yaml:1:1: note: Deployment/web: skipped: apps/v1 is not a GitOpsMl API"],
            report.Diagnostics.Select(d => d.ToString()));
        Assert.Contains(report.Objects, o => o.Ref == "Model/extra");
    }

    [Fact]
    public void A_file_with_several_mistakes_reports_every_one_not_only_the_first()
    {
        var report = ManifestValidator.Validate([.. BaseFiles(), CorpusFile("multi-several-mistakes.yaml")]);

        var errors = report.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(6, errors.Count);
        // Schema mistakes of one object, semantic mistakes of another and a range mistake of a third.
        Assert.Equal(["Dataset/many", "Deployment/many", "FeatureSet/many"], errors.Select(e => e.ObjectRef!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(3, errors.Count(e => e.ObjectRef == "Dataset/many"));
        Assert.Equal(2, errors.Count(e => e.ObjectRef == "FeatureSet/many"));
    }

    [Fact]
    public void Output_is_sorted_by_file_then_line_then_column_whatever_order_the_files_come_in()
    {
        var files = new[] { "set-onehot-float.yaml", "multi-several-mistakes.yaml", "cel-split-fractions.yaml", "schema-below-minimum.yaml" }
            .Select(CorpusFile).Reverse().Concat(BaseFiles()).ToList();

        var report = ManifestValidator.Validate(files);

        var keys = report.Diagnostics.Select(d => (d.File, d.Line, d.Column)).ToList();
        var sorted = keys.OrderBy(k => k.File, StringComparer.Ordinal).ThenBy(k => k.Line).ThenBy(k => k.Column).ToList();
        Assert.Equal(sorted, keys);
        Assert.Equal(
            ["cel-split-fractions.yaml", "multi-several-mistakes.yaml", "schema-below-minimum.yaml", "set-onehot-float.yaml"],
            report.Diagnostics.Select(d => d.File).Distinct());
        Assert.Equal(9, report.ErrorCount);
    }

    [Fact]
    public void Diagnostics_read_file_line_column_object_path_message()
    {
        var d = new Diagnostic("m.yaml", 12, 7, "Dataset/churn", "spec.split", "train + validation + test must sum to 1");
        var note = new Diagnostic("m.yaml", 1, 1, "ConfigMap/x", "", "skipped", DiagnosticSeverity.Note);
        var bare = new Diagnostic("m.yaml", 3, 1, null, "", "expected a Kubernetes object");

        Assert.Equal("m.yaml:12:7: Dataset/churn: spec.split: train + validation + test must sum to 1", d.ToString());
        Assert.Equal("m.yaml:1:1: note: ConfigMap/x: skipped", note.ToString());
        Assert.Equal("m.yaml:3:1: expected a Kubernetes object", bare.ToString());
    }

    private static List<string> CorpusFileNames() =>
        Directory.EnumerateFiles(CorpusDirectory, "*.yaml", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    private static List<string> ExpectedLines(string name) =>
        File.ReadLines(Path.Combine(CorpusDirectory, name))
            .Where(l => l.StartsWith(ExpectPrefix, StringComparison.Ordinal))
            .Select(l => l[ExpectPrefix.Length..])
            .ToList();

    private static ManifestFile CorpusFile(string name) => new(name, File.ReadAllBytes(Path.Combine(CorpusDirectory, name)));

    /// <summary>The valid base objects, reported as base/NAME.yaml.</summary>
    public static List<ManifestFile> BaseFiles() =>
        Directory.EnumerateFiles(Path.Combine(CorpusDirectory, "base"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => new ManifestFile("base/" + Path.GetFileName(f), File.ReadAllBytes(f)))
            .ToList();
}
