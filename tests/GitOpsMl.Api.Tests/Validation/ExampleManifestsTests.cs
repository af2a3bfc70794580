using GitOpsMl.Api.Validation;

namespace GitOpsMl.Api.Tests.Validation;

public class ExampleManifestsTests
{
    [Theory]
    [InlineData("churn")]
    [InlineData("demand-forecast")]
    public void Every_example_repository_validates_without_errors_or_warnings(string example)
    {
        var dir = TestPaths.Combine("examples", example);
        var files = Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new ManifestFile(Path.GetRelativePath(TestPaths.RepoRoot, f), File.ReadAllBytes(f)))
            .ToList();

        var report = ManifestValidator.Validate(files);

        Assert.Empty(report.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(6, report.Objects.Count);
        Assert.Equal(
            ["Dataset", "Deployment", "FeatureSet", "Model", "Monitor", "TrainingJob"],
            report.Objects.Select(o => o.Kind.Kind).Order(StringComparer.Ordinal));
    }
}
