using System.Text;
using System.Text.Json;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests;

/// <summary>The built `gitopsml` executable, as CI runs it: arguments in, exit code and text out.</summary>
public class ExecutableTests
{
    [Fact]
    public void Validate_of_the_examples_exits_0_from_the_repository_root()
    {
        var run = GitOpsMlProcess.Run(TestPaths.RepoRoot, null, "validate", "examples/");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.StartsWith("valid: ", Assert.Single(run.StdoutLines));
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Validate_of_an_invalid_file_exits_1_and_names_it_relative_to_the_working_directory()
    {
        using var repo = new TempRepository();
        repo.Write("manifests/deployment.yaml", """
            apiVersion: gitopsml.io/v1alpha1
            kind: Deployment
            metadata:
              name: churn
            spec:
              modelRef: {name: churn}
              replicas: {min: 5, max: 2}
            """);

        var run = GitOpsMlProcess.Run(repo.Root, null, "validate", "manifests");

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Equal(
            [
                // The schema error does not hide the dangling reference: both in one run.
                "manifests/deployment.yaml:6:20: Deployment/churn: spec.modelRef.name: Model \"churn\" not found in namespace default",
                "manifests/deployment.yaml:7:19: Deployment/churn: spec.replicas.min: min replicas must not exceed max replicas: min 5, max 2",
                "invalid: 1 file(s), 0 GitOpsMl object(s), 2 error(s), 0 warning(s)",
            ],
            run.StdoutLines);
    }

    [Fact]
    public void Validate_with_output_json_prints_parseable_json()
    {
        using var repo = new TempRepository();
        repo.Write("m.yaml", "apiVersion: gitopsml.io/v1alpha1\nkind: Modle\nmetadata: {name: churn}\nspec: {}\n");

        var run = GitOpsMlProcess.Run(repo.Root, null, "validate", ".", "--output", "json");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var d = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("m.yaml", d.GetProperty("file").GetString());
        Assert.Equal("unknown kind \"Modle\" in gitopsml.io; did you mean \"Model\"?", d.GetProperty("message").GetString());
    }

    [Fact]
    public void Validate_with_output_github_prints_error_commands()
    {
        using var repo = new TempRepository();
        repo.Write("m.yaml", "apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: churn}\nspec:\n  promotion: automatic\n");

        var run = GitOpsMlProcess.Run(repo.Root, null, "validate", ".", "-o", "github");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Equal("::error file=m.yaml,line=5,col=14,title=Model/churn::spec.promotion: \"automatic\" is not one of: auto, manual; did you mean \"auto\"?",
            run.StdoutLines[0]);
    }

    [Fact]
    public void Validate_of_a_missing_path_exits_2()
    {
        using var repo = new TempRepository();

        var run = GitOpsMlProcess.Run(repo.Root, null, "validate", "nowhere");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("gitopsml validate: nowhere: no such file or directory", run.Stderr.TrimEnd());
    }

    [Fact]
    public void Validate_with_bad_arguments_exits_2_not_1()
    {
        var noPaths = GitOpsMlProcess.Run(TestPaths.RepoRoot, null, "validate");
        var badFormat = GitOpsMlProcess.Run(TestPaths.RepoRoot, null, "validate", "examples", "--output", "xml");

        Assert.Equal(ExitCodes.Usage, noPaths.ExitCode);
        Assert.Equal(ExitCodes.Usage, badFormat.ExitCode);
    }

    [Fact]
    public void A_hostile_file_is_refused_by_the_executable_under_a_256_MiB_heap_limit_without_a_stack_trace()
    {
        using var repo = new TempRepository();
        var bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++) bomb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        repo.Write("bomb.yaml", bomb.ToString());
        repo.Write("deep.yaml", new string('[', 100_000) + new string(']', 100_000));
        repo.Write("binary.yaml", Enumerable.Range(0, 65536).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var limits = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" };

        var run = GitOpsMlProcess.Run(repo.Root, limits, "validate", ".");

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Contains(run.StdoutLines, l => l.StartsWith("bomb.yaml:", StringComparison.Ordinal));
        Assert.Contains(run.StdoutLines, l => l.StartsWith("deep.yaml:", StringComparison.Ordinal));
        Assert.Contains(run.StdoutLines, l => l.StartsWith("binary.yaml:", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), $"{run.Elapsed.TotalSeconds:F1} s, process start included");
    }
}
