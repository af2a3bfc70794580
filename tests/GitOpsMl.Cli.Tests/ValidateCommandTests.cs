using System.Text.Json;
using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests;

/// <summary>`gitopsml validate` end to end: files on disk in, lines and an exit code out.</summary>
public class ValidateCommandTests
{
    /// <summary>One mistake on line 7, column 7: a gate with both min and max.</summary>
    private const string InvalidModel = """
        apiVersion: gitopsml.io/v1alpha1
        kind: Model
        metadata:
          name: churn
        spec:
          gates:
            - {metric: auc, min: 0.7, max: 0.9}
        """;

    private const string GateMessage = "exactly one of min, max, maxRegression or beatsBaseline must be set";

    [Fact]
    public void The_example_repositories_are_valid_and_exit_0()
    {
        var run = CliRun.Validate(TestPaths.Combine("examples"));

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var line = Assert.Single(run.StdoutLines);
        Assert.StartsWith("valid: ", line);
        Assert.EndsWith(" 0 error(s), 0 warning(s)", line);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void An_invalid_file_exits_1_and_prints_the_exact_line_and_the_summary()
    {
        using var repo = new TempRepository();
        var file = repo.Write("manifests/model.yaml", InvalidModel);

        var run = CliRun.Validate(repo.Root);

        Assert.True(run.ExitCode == ExitCodes.Invalid, run.ToString());
        Assert.Equal(
            [
                $"{TempRepository.Display(file)}:7:7: Model/churn: spec.gates[0]: {GateMessage}",
                "invalid: 1 file(s), 0 GitOpsMl object(s), 1 error(s), 0 warning(s)",
            ],
            run.StdoutLines);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void A_single_file_can_be_named_instead_of_a_folder()
    {
        using var repo = new TempRepository();
        var file = repo.Write("model.yaml", InvalidModel);
        repo.Write("other.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");

        var run = CliRun.Validate(file);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Equal("invalid: 1 file(s), 0 GitOpsMl object(s), 1 error(s), 0 warning(s)", run.StdoutLines[^1]);
    }

    [Fact]
    public void Json_output_is_valid_json_holding_every_diagnostic()
    {
        using var repo = new TempRepository();
        var file = repo.Write("model.yaml", InvalidModel);
        repo.Write("config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");

        var run = CliRun.Validate([repo.Root], "json");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        Assert.Equal(2, root.GetProperty("files").GetInt32());
        Assert.Equal(0, root.GetProperty("objects").GetInt32());
        Assert.Equal(1, root.GetProperty("errors").GetInt32());
        var diagnostics = root.GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Equal(2, diagnostics.Count);
        var note = diagnostics.Single(d => d.GetProperty("severity").GetString() == "note");
        Assert.Equal("ConfigMap/settings", note.GetProperty("object").GetString());
        var error = diagnostics.Single(d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal(TempRepository.Display(file), error.GetProperty("file").GetString());
        Assert.Equal(7, error.GetProperty("line").GetInt32());
        Assert.Equal(7, error.GetProperty("column").GetInt32());
        Assert.Equal("Model/churn", error.GetProperty("object").GetString());
        Assert.Equal("spec.gates[0]", error.GetProperty("field").GetString());
        Assert.Equal(GateMessage, error.GetProperty("message").GetString());
    }

    [Fact]
    public void Json_output_of_a_valid_set_says_valid_with_no_diagnostics()
    {
        var run = CliRun.Validate([TestPaths.Combine("examples")], "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public void Github_output_prints_workflow_error_commands_with_file_line_and_column()
    {
        using var repo = new TempRepository();
        var file = repo.Write("model.yaml", InvalidModel);

        var run = CliRun.Validate([repo.Root], "github");

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        var escapedFile = TempRepository.Display(file).Replace("%", "%25").Replace(":", "%3A").Replace(",", "%2C");
        Assert.Equal(
            [
                $"::error file={escapedFile},line=7,col=7,title=Model/churn::spec.gates[0]: {GateMessage}",
                "invalid: 1 file(s), 0 GitOpsMl object(s), 1 error(s), 0 warning(s)",
            ],
            run.StdoutLines);
    }

    [Fact]
    public void Github_output_escapes_commas_and_colons_in_properties_and_newlines_in_messages()
    {
        using var repo = new TempRepository();
        var file = repo.Write("a,b:c/model.yaml", InvalidModel);

        var run = CliRun.Validate([repo.Root], "github");

        var line = run.StdoutLines[0];
        Assert.StartsWith("::error file=", line);
        Assert.Contains("a%2Cb%3Ac/model.yaml,line=7,col=7,", line);
        Assert.DoesNotContain('\r', run.Stdout);
    }

    [Fact]
    public void A_missing_path_exits_2_and_says_which()
    {
        using var repo = new TempRepository();
        var missing = repo.PathOf("no-such-folder");

        var run = CliRun.Validate(missing);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"gitopsml validate: {missing}: no such file or directory", run.Stderr.TrimEnd());
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void A_missing_path_beside_a_good_one_still_exits_2()
    {
        using var repo = new TempRepository();

        var run = CliRun.Validate(TestPaths.Combine("examples"), repo.PathOf("typo"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("typo: no such file or directory", run.Stderr);
    }

    [Fact]
    public void A_folder_without_yaml_files_exits_2()
    {
        using var repo = new TempRepository();
        repo.Write("README.md", "# no manifests here\n");
        repo.Write("data/churn.csv", "a,b\n1,2\n");

        var run = CliRun.Validate(repo.Root);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"gitopsml validate: no *.yaml or *.yml files under {repo.Root}", run.Stderr.TrimEnd());
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void Hidden_folders_are_not_searched()
    {
        using var repo = new TempRepository();
        repo.Write(".github/workflows/ci.yaml", "on: push\njobs: {}\n");
        repo.Write("manifests/model.yaml", "apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: churn}\nspec: {}\n");

        var run = CliRun.Validate(repo.Root);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(["valid: 1 file(s), 1 GitOpsMl object(s), 0 error(s), 0 warning(s)"], run.StdoutLines);
    }

    [Fact]
    public void Both_yml_and_yaml_files_are_read_and_reported_in_path_order()
    {
        using var repo = new TempRepository();
        var b = repo.Write("b.yml", InvalidModel.Replace("name: churn", "name: second"));
        var a = repo.Write("a.yaml", InvalidModel.Replace("name: churn", "name: first"));

        var run = CliRun.Validate(repo.Root);

        Assert.Equal(ExitCodes.Invalid, run.ExitCode);
        Assert.Equal(
            [
                $"{TempRepository.Display(a)}:7:7: Model/first: spec.gates[0]: {GateMessage}",
                $"{TempRepository.Display(b)}:7:7: Model/second: spec.gates[0]: {GateMessage}",
                "invalid: 2 file(s), 0 GitOpsMl object(s), 2 error(s), 0 warning(s)",
            ],
            run.StdoutLines);
    }

    [Fact]
    public void A_repository_inside_a_hidden_folder_is_still_searched()
    {
        using var repo = new TempRepository(marker: false);
        repo.Write(".work/checkout/.gitopsml-root", "");
        repo.Write(".work/checkout/manifests/model.yaml", "apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: churn}\nspec: {}\n");

        var run = CliRun.Validate(repo.PathOf(".work/checkout"));

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
    }
}
