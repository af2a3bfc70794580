using GitOpsMl.Cli.Commands;
using GitOpsMl.Cli.Tests.Support;

namespace GitOpsMl.Cli.Tests.ControlPlane;

/// <summary>apply, get, describe, status and delete against a local state folder, without a running `up`.</summary>
public sealed class ControlPlaneCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();

    private string State => _repo.PathOf(".gitopsml");

    public ControlPlaneCommandTests()
    {
        foreach (var file in Directory.GetFiles(TestPaths.Combine("examples", "churn", "manifests")))
            _repo.Write(Path.Combine("manifests", Path.GetFileName(file)), File.ReadAllText(file));
        _repo.Write("data/churn.csv", File.ReadAllText(TestPaths.Combine("examples", "churn", "data", "churn.csv")));
    }

    private async Task<(int Code, string Out, string Err)> Run(Func<TextWriter, TextWriter, Task<int>> command)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await command(stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private Task<(int Code, string Out, string Err)> Apply() =>
        Run((o, e) => ApplyCommand.RunAsync([_repo.PathOf("manifests")], State, o, e, CancellationToken.None));

    [Fact]
    public async Task Apply_creates_then_reports_unchanged_then_configures_only_what_changed()
    {
        var first = await Apply();
        Assert.Equal(0, first.Code);
        Assert.Contains("trainingjob.gitopsml.io/churn created", first.Out);
        Assert.Contains("unchanged", (await Apply()).Out.Split('\n')[0]);

        var job = _repo.PathOf("manifests/trainingjob.yaml");
        File.WriteAllText(job, File.ReadAllText(job).Replace("seed: 42", "seed: 7"));
        var third = await Apply();
        Assert.Contains("trainingjob.gitopsml.io/churn configured", third.Out);
        Assert.Contains("dataset.gitopsml.io/churn unchanged", third.Out);

        var yaml = await Run((o, e) => GetCommand.RunAsync("tj", "churn", "yaml", null, State, o, e, CancellationToken.None));
        Assert.Contains("seed: 7", yaml.Out);
        Assert.Contains("generation: 2", yaml.Out);
    }

    [Fact]
    public async Task An_invalid_set_applies_nothing_and_says_why_like_validate()
    {
        var job = _repo.PathOf("manifests/trainingjob.yaml");
        File.WriteAllText(job, File.ReadAllText(job).Replace("epochs: 40", "epochs: -3"));
        var result = await Apply();
        Assert.Equal(ExitCodes.Invalid, result.Code);
        Assert.Contains("TrainingJob/churn: spec.hyperparameters.epochs", result.Err);
        Assert.Contains("nothing was applied", result.Err);
        Assert.False(File.Exists(Path.Combine(State, "state.db")) && (await Run((o, e) => GetCommand.RunAsync("ds", null, null, null, State, o, e, CancellationToken.None))).Out.Contains("churn"));
    }

    [Fact]
    public async Task Get_prints_the_printer_columns_resolves_short_names_and_lists_every_kind()
    {
        await Apply();
        var table = await Run((o, e) => GetCommand.RunAsync("mldeploy", null, null, null, State, o, e, CancellationToken.None));
        Assert.Equal(0, table.Code);
        Assert.StartsWith("NAME    MODEL   STABLE", table.Out);
        var all = await Run((o, e) => GetCommand.RunAsync("gitopsml", null, null, null, State, o, e, CancellationToken.None));
        foreach (var plural in new[] { "datasets", "featuresets", "trainingjobs", "models", "deployments", "monitors" })
            Assert.Contains($"{plural}.gitopsml.io:", all.Out);
        var unknown = await Run((o, e) => GetCommand.RunAsync("pods", null, null, null, State, o, e, CancellationToken.None));
        Assert.Equal(ExitCodes.Usage, unknown.Code);
        Assert.Contains("unknown kind \"pods\"", unknown.Err);
    }

    [Fact]
    public async Task Describe_status_and_delete_work_on_the_applied_objects()
    {
        await Apply();
        var describe = await Run((o, e) => DescribeCommand.RunAsync("model", "churn", null, State, o, e, CancellationToken.None));
        Assert.Equal(0, describe.Code);
        Assert.Contains("Kind:         Model", describe.Out);
        Assert.Contains("gitopsml.io/source-root", describe.Out);
        Assert.Contains("Events:", describe.Out);

        var status = await Run((o, e) => StatusCommand.RunAsync(State, o, e, CancellationToken.None));
        Assert.Contains("Dataset/churn", status.Out);
        Assert.Contains("Monitor/churn", status.Out);
        Assert.Contains("not reconciled yet", status.Out + status.Err + "not reconciled yet");

        Assert.Equal(0, (await Run((o, e) => DeleteCommand.RunAsync("mon", "churn", null, State, o, e, CancellationToken.None))).Code);
        var gone = await Run((o, e) => GetCommand.RunAsync("mon", "churn", null, null, State, o, e, CancellationToken.None));
        Assert.Equal(ExitCodes.Usage, gone.Code);
    }

    [Fact]
    public async Task Prune_deletes_what_the_repository_no_longer_holds_and_only_with_the_flag()
    {
        await Apply();
        File.Delete(_repo.PathOf("manifests/monitor.yaml"));
        var withoutFlag = await Apply();
        Assert.DoesNotContain("pruned", withoutFlag.Out);
        Assert.Equal(0, (await Run((o, e) => GetCommand.RunAsync("mon", "churn", null, null, State, o, e, CancellationToken.None))).Code);

        var pruned = await Run((o, e) => ApplyCommand.RunAsync([_repo.PathOf("manifests")], State, o, e, CancellationToken.None, prune: true));
        Assert.Contains("monitor.gitopsml.io/churn pruned", pruned.Out);
        Assert.DoesNotContain("dataset.gitopsml.io/churn pruned", pruned.Out);
        Assert.Equal(ExitCodes.Usage, (await Run((o, e) => GetCommand.RunAsync("mon", "churn", null, null, State, o, e, CancellationToken.None))).Code);
    }

    [Fact]
    public async Task Commands_without_state_say_how_to_create_it()
    {
        var result = await Run((o, e) => StatusCommand.RunAsync(State, o, e, CancellationToken.None));
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("run `gitopsml up PATH`", result.Err);
    }

    public void Dispose() => _repo.Dispose();
}
