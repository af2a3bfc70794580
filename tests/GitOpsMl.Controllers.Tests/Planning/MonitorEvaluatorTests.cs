using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.Controllers.Tests.Planning;

public class MonitorEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly MonitorSpec Spec = new()
    {
        DeploymentRef = new LocalObjectReference { Name = "churn" },
        Interval = "1m",
        Drift = new DriftSpec { Method = DriftMethod.Psi, Threshold = 0.2, MinSamples = 500, ConsecutiveWindows = 3, Features = ["tenure", "plan"] },
        PredictionDrift = new PredictionDriftSpec { Method = DriftMethod.Ks, Threshold = 0.1 },
        Quality = new LiveQualitySpec { Metric = "auc", Min = 0.7, MinSamples = 200 },
        Actions = new MonitorActions { OnDrift = MonitorAction.Rollback, OnQualityBreach = MonitorAction.Retrain },
    };

    private static MonitorWindow Window(double tenure, long samples = 1000, double predictions = 0.01, double auc = 0.8, long labeled = 300) =>
        new(samples, [new("tenure", tenure), new("plan", 0.05), new("charges", 9.0), new("region", null, "no reference distribution in profile.json")],
            new("predictions", predictions), new Dictionary<string, double> { ["auc"] = auc }, labeled, OneMinute);

    // Most tests look once per window: the servers' window is as long as the interval, so every look is a fresh window.
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    private static List<MonitorVerdict> Run(params MonitorWindow[] windows)
    {
        var state = new MonitorState();
        var verdicts = new List<MonitorVerdict>();
        for (var i = 0; i < windows.Length; i++)
        {
            var verdict = MonitorEvaluator.Evaluate(Spec, state, windows[i], T0.AddMinutes(i));
            verdicts.Add(verdict);
            state = verdict.Next;
        }
        return verdicts;
    }

    [Fact]
    public void Drift_is_declared_after_consecutive_windows_and_names_the_worst_watched_feature()
    {
        var verdicts = Run(Window(0.41), Window(0.41), Window(0.41), Window(0.41));

        Assert.Equal([MonitorReasons.DriftBreaching, MonitorReasons.DriftBreaching, MonitorReasons.DriftDetected, MonitorReasons.DriftDetected],
            verdicts.Select(v => v.DriftReason));
        Assert.Equal("tenure psi 0.41 > 0.2, 3 of 3 windows in a row", verdicts[2].DriftMessage);
        // charges scores 9 but is not among the watched features.
        Assert.Equal(("tenure", 0.41), (verdicts[2].WorstFeature!, verdicts[2].WorstScore!.Value));
        Assert.Equal([new MonitorActionDecision(MonitorAction.Rollback, "Drifting", true, verdicts[2].DriftMessage)], verdicts[2].Actions);
        Assert.False(verdicts[3].Actions.Single().Onset);
    }

    [Fact]
    public void Looks_inside_one_window_do_not_count_as_consecutive_windows()
    {
        // Looked at every minute, while the servers' window covers 10 minutes: only every tenth look is a new window.
        var state = new MonitorState();
        var counts = new List<int>();
        MonitorVerdict? last = null;
        for (var minute = 0; minute <= 20; minute++)
        {
            last = MonitorEvaluator.Evaluate(Spec, state, Window(0.41) with { Span = TimeSpan.FromMinutes(10) }, T0.AddMinutes(minute));
            state = last.Next;
            counts.Add(state.DriftBreaches);
        }

        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3], counts);
        Assert.Equal(MonitorReasons.DriftDetected, last!.DriftReason);
        Assert.Equal(T0.AddMinutes(20), state.DriftCountedAt);
    }

    [Fact]
    public void A_breach_inside_the_window_says_when_the_next_window_counts_and_a_clean_look_clears_at_once()
    {
        var span = TimeSpan.FromMinutes(10);
        var first = MonitorEvaluator.Evaluate(Spec, new MonitorState(), Window(0.41) with { Span = span }, T0);
        var again = MonitorEvaluator.Evaluate(Spec, first.Next, Window(0.41) with { Span = span }, T0.AddMinutes(3));
        var clean = MonitorEvaluator.Evaluate(Spec, again.Next, Window(0.1) with { Span = span }, T0.AddMinutes(4));

        Assert.Equal("tenure psi 0.41 > 0.2, 1 of 3 windows in a row (the next counts from 12:10:00, a window of 10m later)", again.DriftMessage);
        Assert.Equal((0, (DateTimeOffset?)null), (clean.Next.DriftBreaches, clean.Next.DriftCountedAt));
    }

    [Fact]
    public void Without_a_known_span_the_specs_drift_window_applies()
    {
        var spec = Spec with { Drift = Spec.Drift! with { Window = "5m" } };
        var first = MonitorEvaluator.Evaluate(spec, new MonitorState(), Window(0.41) with { Span = null }, T0);
        var inside = MonitorEvaluator.Evaluate(spec, first.Next, Window(0.41) with { Span = null }, T0.AddMinutes(4));
        var next = MonitorEvaluator.Evaluate(spec, inside.Next, Window(0.41) with { Span = null }, T0.AddMinutes(5));

        Assert.Equal([1, 1, 2], new[] { first, inside, next }.Select(v => v.Next.DriftBreaches));
    }

    [Theory]
    [InlineData(new string[0], "1h")]
    [InlineData(new[] { "10m" }, "10m")]
    [InlineData(new[] { "10m", "2h", "" }, "2h")]
    [InlineData(new[] { "10m", "" }, "1h")]
    public void The_servers_keep_the_longest_window_the_monitors_of_a_deployment_ask_for(string[] windows, string kept)
    {
        var specs = windows.Select(w => Spec with { Drift = Spec.Drift! with { Window = w.Length == 0 ? null : w } });

        Assert.Equal(GoDuration.Parse(kept), StatisticsWindow.For(specs));
    }

    [Fact]
    public void A_window_without_breach_clears_the_count()
    {
        var verdicts = Run(Window(0.41), Window(0.41), Window(0.1), Window(0.41));

        Assert.Equal([1, 2, 0, 1], verdicts.Select(v => v.Next.DriftBreaches));
        Assert.Equal("worst tenure psi 0.1 ≤ 0.2 over 1000 samples", verdicts[2].DriftMessage);
        Assert.All(verdicts, v => Assert.Empty(v.Actions));
    }

    [Fact]
    public void A_window_with_too_few_samples_neither_extends_nor_clears_a_breach()
    {
        var verdicts = Run(Window(0.41), Window(0.41), Window(0.9, samples: 100), Window(0.41));

        Assert.Equal([1, 2, 2, 3], verdicts.Select(v => v.Next.DriftBreaches));
        Assert.Equal((MonitorReasons.NotEnoughSamples, "not judged: 100 samples < minSamples 500"), (verdicts[2].DriftReason, verdicts[2].DriftMessage));
        Assert.Equal(MonitorReasons.DriftDetected, verdicts[3].DriftReason);
    }

    [Fact]
    public void Predictions_are_ranked_against_their_own_threshold()
    {
        // tenure 0.3 is 1.5× its threshold; predictions 0.25 is 2.5× theirs.
        var verdict = Run(Window(0.3, predictions: 0.25)).Single();

        Assert.Equal("predictions ks 0.25 > 0.1, 1 of 3 windows in a row; also tenure psi 0.3 > 0.2", verdict.DriftMessage);
    }

    [Theory]
    [InlineData(0.65, 300, MonitorReasons.QualityBreaching, "live auc 0.65 < min 0.7, 1 of 3 windows in a row")]
    [InlineData(0.75, 300, MonitorReasons.QualityOk, "live auc 0.75 ≥ min 0.7 over 300 labelled rows")]
    [InlineData(0.10, 50, MonitorReasons.NotEnoughLabels, "not judged: 50 labelled rows < minSamples 200")]
    public void Live_quality_is_judged_on_enough_labels(double auc, long labeled, string reason, string message)
    {
        var verdict = Run(Window(0.0, auc: auc, labeled: labeled)).Single();

        Assert.Equal((reason, message), (verdict.QualityReason, verdict.QualityMessage));
    }

    [Fact]
    public void Quality_breached_for_consecutive_windows_retrains_once_at_its_onset()
    {
        var verdicts = Run(Window(0.0, auc: 0.6), Window(0.0, auc: 0.6), Window(0.0, auc: 0.6), Window(0.0, auc: 0.6));

        Assert.Equal([false, false, true, false], verdicts.Select(v => v.Actions.Any(a => a is { Action: MonitorAction.Retrain, Onset: true })));
        Assert.True(verdicts[3].Next.QualityBreached);
    }

    [Fact]
    public void The_next_window_is_due_one_interval_after_the_last()
    {
        var verdict = Run(Window(0.0)).Single();

        Assert.Equal(T0.AddMinutes(1), verdict.NextEvaluation);
        Assert.Equal(T0.AddMinutes(1), MonitorEvaluator.NextDue(Spec, verdict.Next, T0.AddSeconds(10)));
        Assert.Equal(T0, MonitorEvaluator.NextDue(Spec, new MonitorState(), T0));
    }

    [Fact]
    public void Without_drift_specs_nothing_is_watched()
    {
        var verdict = MonitorEvaluator.Evaluate(Spec with { Drift = null, PredictionDrift = null }, new MonitorState(), Window(5), T0);

        Assert.Equal((MonitorReasons.NotWatched, false), (verdict.DriftReason, verdict.Next.Drifting));
    }
}
