using GitOpsMl.Api.Schema;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests;

/// <summary>`gitopsml explain` and `gitopsml docs` end to end: exit codes, stdout and stderr.</summary>
public class ExplainAndDocsCommandTests
{
    private static (int Code, string Stdout, string Stderr) Explain(string target)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ExplainCommand.Run(target, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Explain_of_a_field_prints_its_reference_and_exits_0()
    {
        var (code, stdout, stderr) = Explain("mlds.spec.csv.nullValues");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("FIELD:    spec.csv.nullValues <[]string>", stdout);
        Assert.Contains("at most 32 items; each item at most 64 characters", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Explain_of_an_unknown_field_exits_2_naming_the_fields_at_that_level()
    {
        var (code, stdout, stderr) = Explain("trainingjob.spec.hyperparams");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("gitopsml explain: TrainingJob has no field \"hyperparams\" in spec; fields of spec: ", stderr);
        Assert.Contains("hyperparameters", stderr);
    }

    [Fact]
    public void Explain_of_an_unknown_kind_exits_2()
    {
        var (code, _, stderr) = Explain("pod");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith("gitopsml explain: unknown kind \"pod\"; kinds: Dataset", stderr);
    }

    [Fact]
    public void Docs_writes_the_generated_reference_creating_the_folder()
    {
        using var repo = new TempRepository();
        var file = new FileInfo(repo.PathOf("out/docs/reference.md"));

        var code = DocsCommand.Run(file, TextWriter.Null, TextWriter.Null);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(ReferenceWriter.Markdown(), File.ReadAllText(file.FullName));
    }

    [Fact]
    public void The_built_executable_explains_and_fails_with_exit_2_on_a_bad_path()
    {
        var ok = GitOpsMlProcess.Run(TestPaths.RepoRoot, null, "explain", "Model.spec.gates");
        var bad = GitOpsMlProcess.Run(TestPaths.RepoRoot, null, "explain", "Model.spec.gates.metrc");

        Assert.True(ok.ExitCode == ExitCodes.Ok, ok.ToString());
        Assert.Contains("FIELD:    spec.gates <[]Object>", ok.Stdout);
        Assert.True(bad.ExitCode == ExitCodes.Usage, bad.ToString());
        Assert.Contains("did you mean \"metric\"?", bad.Stderr);
    }
}
