using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests;

/// <summary>
/// A Dataset's source.path resolves against its repository root — the nearest folder above the
/// manifest holding .git or a .gitopsml-root marker — and must exist there.
/// </summary>
public class DataPathTests
{
    private static string Dataset(string path) => $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Dataset
        metadata:
          name: churn
        spec:
          source:
            path: {{path}}
          schema:
            - {name: tenure, type: float}
            - {name: churned, type: bool, role: label}
        """;

    [Fact]
    public void A_source_path_missing_under_the_marked_root_is_an_error_naming_the_resolved_path()
    {
        using var repo = new TempRepository();
        var manifest = repo.Write("teams/growth/manifests/dataset.yaml", Dataset("data/churn.csv"));
        repo.Write("teams/growth/manifests/data/churn.csv", "tenure,churned\n1,true\n"); // beside the manifest: not where the path points

        var run = CliRun.Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        var resolved = TempRepository.Display(repo.PathOf("data/churn.csv"));
        Assert.Equal(
            [
                $"{TempRepository.Display(manifest)}:7:11: Dataset/churn: spec.source.path: file not found: {resolved}",
                "invalid: 1 file(s), 1 GitOpsMl object(s), 1 error(s), 0 warning(s)",
            ],
            run.StdoutLines);
    }

    [Fact]
    public void A_source_path_present_under_the_marked_root_is_valid()
    {
        using var repo = new TempRepository();
        repo.Write("teams/growth/manifests/dataset.yaml", Dataset("data/churn.csv"));
        repo.Write("data/churn.csv", "tenure,churned\n1,true\n");

        var run = CliRun.Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
    }

    [Fact]
    public void A_folder_holding_dot_git_is_a_repository_root_too()
    {
        using var repo = new TempRepository(marker: false);
        Directory.CreateDirectory(repo.PathOf(".git"));
        var manifest = repo.Write("deploy/dataset.yaml", Dataset("data/missing.csv"));

        var run = CliRun.Validate(repo.PathOf("deploy"));

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains($"{TempRepository.Display(manifest)}:7:11: Dataset/churn: spec.source.path: file not found: {TempRepository.Display(repo.PathOf("data/missing.csv"))}",
            run.StdoutLines);
    }

    [Fact]
    public void The_nearest_marker_wins_over_one_further_up()
    {
        using var repo = new TempRepository();
        repo.Write("examples/churn/.gitopsml-root", "");
        repo.Write("examples/churn/data/churn.csv", "tenure,churned\n1,true\n");
        repo.Write("examples/churn/manifests/dataset.yaml", Dataset("data/churn.csv"));

        var run = CliRun.Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
    }

    [Fact]
    public void A_data_folder_is_not_a_data_file()
    {
        using var repo = new TempRepository();
        Directory.CreateDirectory(repo.PathOf("data/churn.csv"));
        repo.Write("dataset.yaml", Dataset("data/churn.csv"));

        var run = CliRun.Validate(repo.Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Contains("spec.source.path: file not found: ", run.Stdout);
    }

    [Fact]
    public void An_s3_source_is_not_checked_on_disk()
    {
        using var repo = new TempRepository();
        repo.Write("dataset.yaml", Dataset("x").Replace("    path: x", "    s3: {bucket: ml-data, key: churn.csv}"));

        var run = CliRun.Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
    }
}
