using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Local.Execution;
using GitOpsMl.Local.Tests.Execution.Support;

namespace GitOpsMl.Local.Tests.Execution;

/// <summary>Real `gitopsml train` child processes on examples/churn.</summary>
public sealed class TrainingExecutorTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly ChurnWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private static Task<TrainingRunState> Finished(ProcessTrainingExecutor executor, string run) =>
        Eventually.Until(async () => (await executor.ObserveAsync(run))!, s => s.Phase is TrainingRunPhase.Succeeded or TrainingRunPhase.Failed, Limit, $"{run} finished");

    [Fact]
    public async Task A_run_trains_a_bundle_reports_its_progress_and_is_reported_from_disk_by_a_restarted_executor()
    {
        TrainingRunState done;
        await using (var executor = new ProcessTrainingExecutor(_workspace.Options))
        {
            Assert.Null(await executor.ObserveAsync("churn-1"));
            var started = await executor.EnsureStartedAsync(_workspace.Request("churn-1", ChurnWorkspace.Epochs(5)));
            Assert.Equal(TrainingRunPhase.Running, started.Phase);
            done = await Finished(executor, "churn-1");
        }
        Assert.Equal(TrainingRunPhase.Succeeded, done.Phase);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(5, done.Epoch);
        Assert.Equal(5, done.Epochs);
        Assert.Equal("auc", done.ValidationMetric);
        Assert.InRange(done.ValidationValue!.Value, 0.5, 1.0);
        Assert.Equal("cpu", done.Device);
        Assert.True(File.Exists(Path.Combine(done.BundlePath!, "model.onnx")));
        Assert.True(File.Exists(Path.Combine(_workspace.State, "logs", "train", "churn-1.jsonl")));

        // A new control plane: the finished run is read from state.json; asking again starts nothing.
        var progressLog = Path.Combine(_workspace.State, "logs", "train", "churn-1.jsonl");
        var written = File.GetLastWriteTimeUtc(progressLog);
        await using var restarted = new ProcessTrainingExecutor(_workspace.Options);
        var observed = await restarted.ObserveAsync("churn-1");
        var again = await restarted.EnsureStartedAsync(_workspace.Request("churn-1", ChurnWorkspace.Epochs(5)));
        Assert.Equal(done, observed);
        Assert.Equal(done, again);
        Assert.Equal(written, File.GetLastWriteTimeUtc(progressLog));
    }

    [Fact]
    public async Task Data_that_violates_its_schema_fails_with_the_trainers_exit_code_and_message_and_is_not_interrupted()
    {
        var objects = ChurnWorkspace.ChurnObjects.Select(o => o is Dataset d
            ? d with { Spec = d.Spec with { Schema = d.Spec.Schema.Select(c => c.Name == "monthly_charges" ? c with { Max = 1 } : c).ToList() } }
            : o).ToArray();
        await using var executor = new ProcessTrainingExecutor(_workspace.Options);
        await executor.EnsureStartedAsync(_workspace.Request("churn-bad", objects));
        var failed = await Finished(executor, "churn-bad");
        Assert.Equal(TrainingRunPhase.Failed, failed.Phase);
        Assert.Equal(1, failed.ExitCode);
        Assert.False(failed.Interrupted);
        Assert.Contains("Dataset/churn", failed.Message);
        Assert.Null(failed.BundlePath);
    }

    [Fact]
    public async Task A_running_run_reports_live_progress_and_past_its_timeout_is_killed_and_reported_timed_out_and_interrupted()
    {
        await using var executor = new ProcessTrainingExecutor(_workspace.Options);
        await executor.EnsureStartedAsync(_workspace.Request("churn-slow", ChurnWorkspace.Epochs(10000, earlyStopping: false), TimeSpan.FromSeconds(20)));
        var running = await Eventually.Until(async () => (await executor.ObserveAsync("churn-slow"))!, s => s.Epoch >= 1, Limit, "the first epoch");
        Assert.Equal((TrainingRunPhase.Running, 10000, "auc"), (running.Phase, running.Epochs, running.ValidationMetric));

        var failed = await Finished(executor, "churn-slow");
        Assert.Equal(TrainingRunPhase.Failed, failed.Phase);
        Assert.True(failed.TimedOut);
        Assert.True(failed.Interrupted);
        Assert.Contains("timed out after 20s", failed.Message);
        Assert.InRange(failed.Epoch!.Value, running.Epoch!.Value, 9999);
        // 20 s leaves a loaded 2-core machine time to start the trainer and finish an epoch first.
        Assert.InRange((failed.CompletionTime - failed.StartTime)!.Value.TotalSeconds, 20, 40);
    }

    [Fact]
    public async Task A_run_cut_by_the_control_planes_death_dies_with_it_and_is_observed_interrupted_after_a_restart()
    {
        int child;
        using (var parent = await ParentProcess.StartAsync("train", _workspace.State, TestPaths.CliDll, _workspace.Root, "churn-cut"))
        {
            var records = Path.Combine(_workspace.State, "runs", "churn-cut", "process");
            child = await Eventually.Until(() => Task.FromResult(ProcessTable.ReadPid(Path.Combine(records, "child.pid")) ?? 0), p => p > 0, Limit, "the trainer's pid");
            Assert.True(ProcessTable.IsAliveAndOurs(child, _workspace.State));
            parent.KillHard();
        }
        Assert.True(await ProcessTable.WaitGoneAsync([child], _workspace.State, TimeSpan.FromSeconds(10)), "the trainer outlived its killed parent");

        await using var restarted = new ProcessTrainingExecutor(_workspace.Options);
        var observed = await restarted.ObserveAsync("churn-cut");
        Assert.Equal(TrainingRunPhase.Failed, observed!.Phase);
        Assert.True(observed.Interrupted);
        Assert.False(observed.TimedOut);
    }
}
