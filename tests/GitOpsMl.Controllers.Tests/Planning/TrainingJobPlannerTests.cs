using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Controllers.Planning;
using GitOpsMl.Controllers.Runtime;

namespace GitOpsMl.Controllers.Tests.Planning;

/// <summary>The TrainingJob state machine: one run per run key, retries only for transient failures, no duplicate work.</summary>
public sealed class TrainingJobPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private const string Key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static TrainingJob Job(TrainingJobStatus? status = null, int? backoffLimit = null, string? timeout = null) => new()
    {
        Metadata = new ObjectMeta { Name = "churn", Generation = 1 },
        Spec = new TrainingJobSpec
        {
            FeatureSetRef = new LocalObjectReference { Name = "churn" }, ModelRef = new LocalObjectReference { Name = "churn" },
            BackoffLimit = backoffLimit, Timeout = timeout,
        },
        Status = status,
    };

    private static T Ready<T>(T resource) where T : CustomResource => (T)resource.WithStatus(Status(resource));

    private static ResourceStatus Status(CustomResource r)
    {
        var ready = new List<Condition> { new() { Type = ConditionTypes.Ready, Status = ConditionStatus.True, Reason = "Succeeded", Message = "", LastTransitionTime = Now } };
        return r switch
        {
            Dataset => new DatasetStatus { Sha256 = Key, Conditions = ready },
            FeatureSet => new FeatureSetStatus { Conditions = ready },
            _ => new ModelStatus { Conditions = ready },
        };
    }

    private static TrainingJobObservation Seen(TrainingRunState? run = null, int attempt = 1, ModelVersion? registered = null, bool datasetReady = true) => new(
        Ready(new FeatureSet { Metadata = new ObjectMeta { Name = "churn" }, Spec = new FeatureSetSpec { DatasetRef = new LocalObjectReference { Name = "churn" } } }),
        datasetReady ? Ready(new Dataset { Metadata = new ObjectMeta { Name = "churn" } }) : new Dataset { Metadata = new ObjectMeta { Name = "churn" } },
        new Model { Metadata = new ObjectMeta { Name = "churn", Uid = "u1" } },
        datasetReady ? Key : null, attempt, run, registered);

    [Fact]
    public void With_no_run_for_the_key_it_starts_attempt_one_under_a_name_derived_from_the_key()
    {
        var plan = TrainingJobPlanner.Plan(Job(), Seen(), Now);
        var start = Assert.IsType<TrainingJobAction.StartRun>(plan.Action);
        Assert.Equal($"churn-{Key[..10]}-1", start.RunName);
        Assert.Equal(TrainingPhase.Pending, plan.Status.Phase);
        Assert.Equal(Key, plan.Status.SpecHash);
        Assert.IsType<ReconcileOutcome.Progressing>(plan.Outcome);
    }

    [Fact]
    public void A_dependency_that_is_not_ready_makes_it_wait_naming_the_dependency()
    {
        var plan = TrainingJobPlanner.Plan(Job(), Seen(datasetReady: false), Now);
        var waiting = Assert.IsType<ReconcileOutcome.Waiting>(plan.Outcome);
        Assert.Contains("Dataset churn", waiting.Message);
        Assert.IsType<TrainingJobAction.None>(plan.Action);
    }

    [Fact]
    public void A_running_run_reports_its_epoch_and_validation_metric()
    {
        var run = new TrainingRunState($"churn-{Key[..10]}-1", TrainingRunPhase.Running) { Epoch = 5, Epochs = 40, ValidationMetric = "auc", ValidationValue = 0.81, StartTime = Now };
        var plan = TrainingJobPlanner.Plan(Job(), Seen(run), Now.AddSeconds(3));
        var progressing = Assert.IsType<ReconcileOutcome.Progressing>(plan.Outcome);
        Assert.Contains("epoch 5/40", progressing.Message);
        Assert.Contains("auc 0.81", progressing.Message);
        Assert.Equal(TrainingPhase.Running, plan.Status.Phase);
    }

    [Fact]
    public void A_run_past_its_timeout_is_cancelled()
    {
        var run = new TrainingRunState("r", TrainingRunPhase.Running) { StartTime = Now };
        var plan = TrainingJobPlanner.Plan(Job(timeout: "10m"), Seen(run), Now.AddMinutes(11));
        Assert.IsType<TrainingJobAction.CancelRun>(plan.Action);
    }

    [Fact]
    public void A_run_of_an_earlier_key_still_running_is_cancelled_before_the_new_key_starts()
    {
        const string oldKey = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
        var stale = new TrainingRunState($"churn-{oldKey[..10]}-1", TrainingRunPhase.Running) { StartTime = Now };
        var job = Job(new TrainingJobStatus { SpecHash = oldKey, Attempts = 1, Phase = TrainingPhase.Running });

        var plan = TrainingJobPlanner.Plan(job, Seen() with { Superseded = stale }, Now);

        var cancel = Assert.IsType<TrainingJobAction.CancelRun>(plan.Action);
        Assert.Equal((stale.RunName, "TrainingSuperseded"), (cancel.RunName, cancel.Reason));
        Assert.Contains("superseded", cancel.Why);
        Assert.Equal(oldKey, plan.Status.SpecHash);   // kept until the old run has stopped, so the next pass looks at it again
        Assert.IsType<ReconcileOutcome.Progressing>(plan.Outcome);
    }

    [Theory]
    [InlineData(TrainingRunPhase.Succeeded)]
    [InlineData(TrainingRunPhase.Failed)]
    public void Once_the_earlier_run_has_stopped_the_new_key_starts(TrainingRunPhase phase)
    {
        const string oldKey = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
        var stopped = new TrainingRunState($"churn-{oldKey[..10]}-1", phase);
        var job = Job(new TrainingJobStatus { SpecHash = oldKey, Attempts = 1, Phase = TrainingPhase.Running });

        var plan = TrainingJobPlanner.Plan(job, Seen() with { Superseded = stopped }, Now);

        Assert.Equal($"churn-{Key[..10]}-1", Assert.IsType<TrainingJobAction.StartRun>(plan.Action).RunName);
        Assert.Equal(Key, plan.Status.SpecHash);
    }

    [Fact]
    public void A_finished_run_is_registered_under_the_version_name_of_its_key()
    {
        var run = new TrainingRunState("r", TrainingRunPhase.Succeeded) { BundlePath = "/b" };
        var register = Assert.IsType<TrainingJobAction.Register>(TrainingJobPlanner.Plan(Job(), Seen(run), Now).Action);
        Assert.Equal($"churn-{Key[..10]}", register.ModelVersionName);
        Assert.Equal("/b", register.BundlePath);
    }

    [Fact]
    public void A_registered_version_ends_the_job_without_starting_anything()
    {
        var version = new ModelVersion { Metadata = new ObjectMeta { Name = $"churn-{Key[..10]}" }, Spec = new ModelVersionSpec { Version = 3, Metrics = new() { ["auc"] = 0.8 } } };
        var plan = TrainingJobPlanner.Plan(Job(), Seen(registered: version), Now);
        Assert.IsType<TrainingJobAction.None>(plan.Action);
        Assert.IsType<ReconcileOutcome.Succeeded>(plan.Outcome);
        Assert.Equal(TrainingPhase.Succeeded, plan.Status.Phase);
        Assert.Equal(version.Metadata.Name, plan.Status.ModelVersion);
    }

    [Theory]
    [InlineData(1, "InvalidSpec")]
    [InlineData(3, "Diverged")]
    [InlineData(4, "ParityFailed")]
    public void A_permanent_failure_stalls_without_a_retry(int exitCode, string reason)
    {
        var run = new TrainingRunState("r", TrainingRunPhase.Failed) { ExitCode = exitCode, Message = "why", CompletionTime = Now };
        var plan = TrainingJobPlanner.Plan(Job(), Seen(run), Now);
        var stalled = Assert.IsType<ReconcileOutcome.Stalled>(plan.Outcome);
        Assert.Equal(reason, stalled.Reason);
        Assert.Contains("why", stalled.Message);
        Assert.IsType<TrainingJobAction.None>(plan.Action);
        Assert.Equal(TrainingPhase.Failed, plan.Status.Phase);
    }

    [Fact]
    public void An_interrupted_run_is_retried_under_the_next_attempt_after_its_backoff_delay()
    {
        var run = new TrainingRunState($"churn-{Key[..10]}-1", TrainingRunPhase.Failed) { Interrupted = true, CompletionTime = Now };
        var early = TrainingJobPlanner.Plan(Job(), Seen(run), Now.AddSeconds(1));
        Assert.IsType<TrainingJobAction.None>(early.Action);
        Assert.Equal(TimeSpan.FromSeconds(1), ((ReconcileOutcome.Progressing)early.Outcome).RequeueAfter);

        var due = TrainingJobPlanner.Plan(Job(), Seen(run), Now.AddSeconds(2));
        var start = Assert.IsType<TrainingJobAction.StartRun>(due.Action);
        Assert.Equal($"churn-{Key[..10]}-2", start.RunName);
        Assert.Equal(2, due.Status.Attempts);
    }

    [Theory]
    [InlineData(70)]
    [InlineData(75)]
    public void Internal_and_transient_exit_codes_are_retried(int exitCode)
    {
        var run = new TrainingRunState("r", TrainingRunPhase.Failed) { ExitCode = exitCode, CompletionTime = Now };
        Assert.IsType<TrainingJobAction.StartRun>(TrainingJobPlanner.Plan(Job(), Seen(run), Now.AddMinutes(1)).Action);
    }

    [Fact]
    public void After_backoff_limit_attempts_it_stalls_saying_how_many_were_used()
    {
        var run = new TrainingRunState("r", TrainingRunPhase.Failed) { Interrupted = true, CompletionTime = Now };
        var plan = TrainingJobPlanner.Plan(Job(new TrainingJobStatus { SpecHash = Key, Attempts = 3 }, backoffLimit: 2), Seen(run, attempt: 3), Now.AddMinutes(1));
        var stalled = Assert.IsType<ReconcileOutcome.Stalled>(plan.Outcome);
        Assert.Equal(ConditionReasons.BackoffLimitExceeded, stalled.Reason);
        Assert.Contains("3 attempts", stalled.Message);
    }

    [Fact]
    public void Attempts_count_only_for_the_current_run_key()
    {
        var job = Job(new TrainingJobStatus { SpecHash = Key, Attempts = 2 });
        Assert.Equal(2, TrainingJobPlanner.AttemptFor(job, Key));
        Assert.Equal(1, TrainingJobPlanner.AttemptFor(job, "f" + Key[1..]));
    }

    [Fact]
    public void A_retrain_request_changes_the_run_key_and_nothing_else_does()
    {
        var fs = new FeatureSet { Metadata = new ObjectMeta { Name = "churn" } };
        var ds = new Dataset { Metadata = new ObjectMeta { Name = "churn" } };
        var job = Job();
        var key = TrainingRuns.Key(job, fs, ds, Key);
        Assert.Equal(key, TrainingRuns.Key(job with { Status = new TrainingJobStatus { Attempts = 3 } }, fs, ds, Key));
        var retrain = job with { Metadata = job.Metadata with { Annotations = new() { [Metadata.GitOpsMlAnnotations.RetrainRequested] = "2026-11-30T12:00:00Z" } } };
        Assert.NotEqual(key, TrainingRuns.Key(retrain, fs, ds, Key));
        Assert.NotEqual(key, TrainingRuns.Key(job, fs, ds, "f" + Key[1..]));
    }
}
