using System.Diagnostics;
using System.Net.Http.Json;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.ControlPlane.Benchmarks;

/// <summary>Seconds from starting `gitopsml up` to the first successful prediction through the front port, with milestones on the way.</summary>
public sealed record UpRun(double FirstPredictionSeconds, IReadOnlyList<(string Milestone, double Seconds)> Milestones);

/// <summary>
/// `gitopsml up manifests --port P` on a fresh copy of examples/churn, as a child process with the
/// real executors (a `gitopsml train` child, `gitopsml serve` replicas behind the YARP front port).
/// The clock starts before the process starts; predictions are tried every 100 ms.
/// </summary>
public static class UpBenchmark
{
    public static async Task<UpRun> RunAsync(TimeSpan timeout)
    {
        using var workspace = new ChurnWorkspace();
        using var state = new StateFile(workspace);
        using var http = new HttpClient { BaseAddress = workspace.Front, Timeout = TimeSpan.FromSeconds(2) };
        var rows = new ChurnRows(workspace.DataFile);
        var milestones = new List<(string, double)>();
        var seen = new HashSet<string>();
        var clock = Stopwatch.StartNew();
        await using var up = CliProcess.Start(workspace.Root, "up", workspace.Manifests, "--state", workspace.State, "--port", workspace.Port.ToString());
        while (clock.Elapsed < timeout)
        {
            if (up.HasExited) throw new InvalidOperationException($"gitopsml up exited:\n{up.Output}");
            await Note<Dataset>("Dataset Ready");
            await Note<FeatureSet>("FeatureSet Ready");
            await Note<TrainingJob>("TrainingJob Ready (trained, v1 registered)");
            await Note<Deployment>("Deployment Ready");
            try
            {
                using var response = await http.PostAsJsonAsync("v1/models/churn:predict", rows.Request(shifted: false));
                if (response.IsSuccessStatusCode)
                {
                    var at = clock.Elapsed.TotalSeconds;
                    milestones.Add(("first prediction answered", at));
                    return new UpRun(at, milestones);
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no prediction within {timeout.TotalSeconds:0}s\n{up.Output}");

        async Task Note<T>(string what) where T : Api.Common.CustomResource
        {
            if (seen.Contains(what)) return;
            if (await state.GetAsync<T>("churn") is { } o && Readiness.IsReady(o))
            {
                seen.Add(what);
                milestones.Add((what, clock.Elapsed.TotalSeconds));
            }
        }
    }
}
