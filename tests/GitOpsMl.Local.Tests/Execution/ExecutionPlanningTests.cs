using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Local.Execution;

namespace GitOpsMl.Local.Tests.Execution;

/// <summary>The executors' pure parts: progress parsing, how a run's end maps to its state, restart backoff, the routing file.</summary>
public sealed class ExecutionPlanningTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TrainingRunRecord Running = new("run", TrainingRunPhase.Running, T0) { OutputPath = "/a/run", Timeout = TimeSpan.FromMinutes(15) };

    [Fact]
    public void Progress_follows_the_models_epochs_not_the_baselines_and_skips_lines_that_are_not_events()
    {
        var p = TrainingProgress.Parse([
            """{"event":"data","rows":4000}""",
            """{"event":"epoch","model":"model","epoch":1,"epochs":40,"metric":"auc","value":0.7}""",
            "not json",
            """{"event":"epoch","model":"model","epoch":2,"epochs":40,"metric":"auc","value":0.75}""",
            """{"event":"epoch","model":"baseline","epoch":1,"epochs":40,"metric":"auc","value":0.6}""",
            """{"event":"done","device":"cpu","bundle":"/a/run","version":"abc"}""",
        ]);
        Assert.Equal((2, 40, "auc", 0.75, "cpu", "abc"), (p.Epoch, p.Epochs, p.ValidationMetric, p.ValidationValue, p.Device, p.Version));
        Assert.Equal("bad data", TrainingProgress.None.Apply("""{"event":"failed","message":"bad data"}""").FailureMessage);
    }

    public static TheoryData<int?, bool, bool, bool, bool, TrainingRunPhase, bool, bool, string> Ends => new()
    {
        // exit, stopped, timedOut, cancelled, bundle → phase, interrupted, timedOut, message contains
        { 0, false, false, false, true, TrainingRunPhase.Succeeded, false, false, "trained version" },
        { 0, true, false, true, true, TrainingRunPhase.Succeeded, false, false, "trained version" },
        { 1, false, false, false, false, TrainingRunPhase.Failed, false, false, "schema" },
        { 3, false, false, false, false, TrainingRunPhase.Failed, false, false, "schema" },
        { 137, false, false, false, false, TrainingRunPhase.Failed, false, false, "schema" },
        { 70, true, true, false, false, TrainingRunPhase.Failed, true, true, "timed out after 15m" },
        { 70, true, false, true, false, TrainingRunPhase.Failed, true, false, "cancelled" },
        { 70, true, false, false, false, TrainingRunPhase.Failed, true, false, "stopped with the control plane" },
        { null, false, false, false, false, TrainingRunPhase.Failed, true, false, "gone without a result" },
        { 0, false, false, false, false, TrainingRunPhase.Failed, false, false, "wrote no bundle" },
    };

    [Theory, MemberData(nameof(Ends))]
    public void How_a_run_ended_decides_its_phase_and_whether_the_reconciler_retries_it(
        int? exit, bool stopped, bool timedOut, bool cancelled, bool bundle, TrainingRunPhase phase, bool interrupted, bool reportedTimedOut, string message)
    {
        var progress = TrainingProgress.None with { Version = "abc", FailureMessage = exit is 1 or 3 or 137 ? "Dataset/churn: schema violated" : null };
        var end = TrainingRunOutcome.Finish(Running, new TrainingRunEnd(exit, stopped, timedOut, cancelled, bundle, progress, T0.AddMinutes(1))).ToState();
        Assert.Equal((phase, interrupted, reportedTimedOut, exit), (end.Phase, end.Interrupted, end.TimedOut, end.ExitCode));
        Assert.Contains(message, end.Message);
        Assert.Equal(phase == TrainingRunPhase.Succeeded ? "/a/run" : null, end.BundlePath);
        Assert.Equal(T0.AddMinutes(1), end.CompletionTime);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(100, 30)]
    public void Restarts_back_off_exponentially_up_to_the_cap(int crashes, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1)).Delay(crashes));

    [Fact]
    public void A_replica_that_ran_long_enough_starts_its_backoff_over()
    {
        var backoff = new RestartBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
        Assert.Equal(4, backoff.NextCrashCount(3, TimeSpan.FromSeconds(5)));
        Assert.Equal(1, backoff.NextCrashCount(3, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void The_routing_file_lists_both_bundles_and_drops_weight_and_shadow_without_a_canary()
    {
        var key = ObjectKey.For("Deployment", null, "churn");
        var withCanary = new ServingPlan(key, "churn", new ServedBundle("v1", "/b/v1"), new ServedBundle("v2", "/b/v2"), 25, true, 2);
        var json = JsonDocument.Parse(RoutingFileContent.For(withCanary)).RootElement.GetProperty("churn");
        Assert.Equal(("v1", "v2", 25.0, true), (json.GetProperty("stable").GetString(), json.GetProperty("canary").GetString(), json.GetProperty("canaryWeight").GetDouble(), json.GetProperty("shadow").GetBoolean()));
        Assert.Equal(["/b/v1", "/b/v2"], json.GetProperty("bundles").EnumerateArray().Select(e => e.GetString()));

        var alone = JsonDocument.Parse(RoutingFileContent.For(withCanary with { Canary = null })).RootElement.GetProperty("churn");
        Assert.False(alone.TryGetProperty("canary", out _));
        Assert.Equal((0.0, false), (alone.GetProperty("canaryWeight").GetDouble(), alone.GetProperty("shadow").GetBoolean()));
    }
}
