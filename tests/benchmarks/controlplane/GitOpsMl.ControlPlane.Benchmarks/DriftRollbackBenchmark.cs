using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>Times (seconds on one clock) from the drift scenario; see <see cref="DriftRollbackBenchmark"/>.</summary>
public sealed record DriftRun(
    int MinSamples,
    double IntervalSeconds,
    double ShiftStarted,
    double MinSamplesReached,
    double? DriftingVisible,
    double? RolledBackVisible,
    double LastCanaryAnswer,
    long Requests,
    long CanaryAnswersAfterRollbackStatus)
{
    /// <summary>The measured latency: shifted traffic reaches minSamples → every answer is the stable version.</summary>
    public double BreachToStable => LastCanaryAnswer - MinSamplesReached;
    public double Goal => IntervalSeconds + 2;

    /// <summary>Unshifted requests sent before the canary first answered (they are in the monitor's window too).</summary>
    public int UnshiftedProbes { get; init; }
}

/// <summary>
/// Drift-breach-to-traffic-back-on-stable with the real executors: `gitopsml up` serves v1; a reseeded
/// TrainingJob is applied, trains v2 and starts a 50 % canary with a 10-minute pause; then senders push
/// shifted rows (tenure + 400) continuously. The Monitor (interval 1s, minSamples 100, one window, PSI,
/// onDrift rollback) judges the version with the most samples. t0 = the answer that brings that version's
/// shifted answers to minSamples; t1 = the last answer from the canary (x-model-version); latency = t1 − t0.
/// </summary>
public static class DriftRollbackBenchmark
{
    private const int MinSamples = 100;
    private const int Senders = 4;

    public static async Task<DriftRun> RunAsync(TimeSpan converge)
    {
        using var workspace = new ChurnWorkspace();
        workspace.Write("model.yaml", "apiVersion: gitopsml.io/v1alpha1\nkind: Model\nmetadata: {name: churn}\nspec:\n  gates: [{metric: auc, min: 0.7}]\n");
        workspace.Write("deployment.yaml", """
            apiVersion: gitopsml.io/v1alpha1
            kind: Deployment
            metadata: {name: churn}
            spec:
              modelRef: {name: churn}
              replicas: {min: 1, max: 1}
              rollout:
                canary:
                  steps: [{weight: 50, pause: 10m}]
                  analysis: {maxErrorRate: 0.05, maxP99LatencyMs: 2000, minRequests: 10}
            """);
        workspace.Write("monitor.yaml", $$"""
            apiVersion: gitopsml.io/v1alpha1
            kind: Monitor
            metadata: {name: churn}
            spec:
              deploymentRef: {name: churn}
              interval: 1s
              drift: {method: psi, threshold: 0.2, minSamples: {{MinSamples}}, consecutiveWindows: 1, features: [tenure_months, monthly_charges, plan]}
              actions: {onDrift: rollback}
            """);
        using var state = new StateFile(workspace);
        await using var up = CliProcess.Start(workspace.Root, "up", workspace.Manifests, "--state", workspace.State, "--port", workspace.Port.ToString());
        await state.UntilAsync<Deployment>("churn", d => d.Status?.StableVersion == "v1" && d.Status.ReadyReplicas >= 1, converge, "v1 served", () => up.Output);
        workspace.Replace("trainingjob.yaml", "seed: 42", "seed: 45");
        await CliProcess.RunAsync(workspace.Root, TimeSpan.FromSeconds(60), "apply", "-f", workspace.Manifests, "--state", workspace.State);
        await state.UntilAsync<Deployment>("churn", d => d.Status?.CanaryVersion == "v2", converge, "canary v2 running", () => up.Output);

        var rows = new ChurnRows(workspace.DataFile);
        using var http = new HttpClient { BaseAddress = workspace.Front, Timeout = TimeSpan.FromSeconds(10) };
        // Status names the canary before its replica has loaded it: unshifted requests until the canary answers.
        var probes = await UntilCanaryAnswersAsync(http, rows, converge);
        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<(double At, string Version)>();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await http.PostAsJsonAsync("v1/models/churn:predict", rows.Request(shifted: true));
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"predict answered {(int)response.StatusCode}");
                answers.Enqueue((clock.Elapsed.TotalSeconds, response.Headers.GetValues("x-model-version").Single()));
            }
        })).ToList();

        double? drifting = null, rolledBack = null;
        var deadline = TimeSpan.FromSeconds(60);
        while (clock.Elapsed < deadline && (rolledBack is null || clock.Elapsed.TotalSeconds < rolledBack + 3))
        {
            if (senders.FirstOrDefault(s => s.IsFaulted) is { } failed) await failed;
            if (drifting is null && await state.GetAsync<Api.Kinds.Monitor>("churn") is { } m && ConditionList.IsTrue(m.Status?.Conditions, ConditionTypes.Drifting))
                drifting = clock.Elapsed.TotalSeconds;
            if (rolledBack is null && await state.GetAsync<Deployment>("churn") is { Status.Phase: RolloutPhase.RolledBack })
                rolledBack = clock.Elapsed.TotalSeconds;
            await Task.Delay(20);
        }
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        if (rolledBack is null) throw new TimeoutException($"no rollback within {deadline.TotalSeconds:0}s\n{up.Output[^Math.Min(3000, up.Output.Length)..]}");

        var all = answers.OrderBy(a => a.At).ToList();
        // The stable version is the one still answering at the end.
        var stable = all[^1].Version;
        var canary = all.Select(a => a.Version).FirstOrDefault(v => v != stable)
            ?? throw new InvalidOperationException("the canary never answered: every answer came from one version");
        var perVersion = new Dictionary<string, int>();
        var minReached = double.NaN;
        foreach (var (at, version) in all)
        {
            perVersion[version] = perVersion.GetValueOrDefault(version) + 1;
            if (perVersion[version] == MinSamples) { minReached = at; break; }
        }
        var lastCanary = all.Last(a => a.Version == canary).At;
        return new DriftRun(MinSamples, 1, 0, minReached, drifting, rolledBack, lastCanary, all.Count,
            all.Count(a => a.Version == canary && a.At > rolledBack)) { UnshiftedProbes = probes };
    }

    private static async Task<int> UntilCanaryAnswersAsync(HttpClient http, ChurnRows rows, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string? first = null;
        for (var sent = 1; clock.Elapsed < timeout; sent++)
        {
            using var response = await http.PostAsJsonAsync("v1/models/churn:predict", rows.Request(shifted: false));
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"predict answered {(int)response.StatusCode}");
            var version = response.Headers.GetValues("x-model-version").Single();
            first ??= version;
            if (version != first) return sent;
            if (sent % 20 == 0) await Task.Delay(100);
        }
        throw new TimeoutException($"the canary did not answer within {timeout.TotalSeconds:0}s");
    }
}
