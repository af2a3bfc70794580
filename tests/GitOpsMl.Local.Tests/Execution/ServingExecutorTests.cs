using System.Net.Http.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Execution;
using GitOpsMl.Local.Execution;
using GitOpsMl.Local.Tests.Execution.Support;

namespace GitOpsMl.Local.Tests.Execution;

/// <summary>Real `gitopsml serve` replicas behind the YARP front port.</summary>
public sealed class ServingExecutorTests(TwoChurnBundles bundles) : IClassFixture<TwoChurnBundles>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ProcessServingExecutor _executor = null!;

    private const string Row = """{"instances":[{"tenure_months":3,"monthly_charges":80,"support_calls":4,"plan":"basic","region":"east","contract":"monthly"}]}""";

    public Task InitializeAsync()
    {
        _executor = new ProcessServingExecutor(bundles.Workspace.Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _executor.DisposeAsync();

    private static ObjectKey Key(string name) => ObjectKey.For("Deployment", null, name);

    private ServingPlan Plan(string name, int replicas, ServedBundle? canary = null, double weight = 0) =>
        new(Key(name), "churn", bundles.V1, canary, weight, false, replicas);

    private async Task<ServingState> AllReady(ObjectKey key, int replicas) =>
        await Eventually.Until(async () => (await _executor.ObserveAsync(key))!, s => s.Replicas.Count == replicas && s.ReadyReplicas == replicas, Limit,
            $"{replicas} ready replicas of {key}");

    private static async Task<string> PredictVersion(Uri front)
    {
        using var response = await Http.PostAsync(new Uri(front, "v1/models/churn:predict"), new StringContent(Row));
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.GetValues("x-model-version").Single();
    }

    private static async Task<Dictionary<string, int>> CountVersions(Uri front, int requests)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < requests; i++)
        {
            var v = await PredictVersion(front);
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        return counts;
    }

    [Fact]
    public async Task Replicas_become_ready_behind_the_front_port_which_answers_predictions_and_scales_down()
    {
        var state = await _executor.ApplyAsync(Plan("two", 2));
        Assert.NotNull(state.Url);
        state = await AllReady(Key("two"), 2);
        Assert.Equal(bundles.V1.Version, state.StableVersion);
        Assert.All(state.Replicas, r => Assert.Equal(0, r.Restarts));
        Assert.Equal(2, state.Replicas.Select(r => r.Endpoint).Distinct().Count());

        Assert.Equal(new Dictionary<string, int> { [bundles.V1.Version] = 10 }, await CountVersions(state.Url!, 10));
        using var ready = await Http.GetAsync(new Uri(state.Url!, "v2/health/ready"));
        Assert.True(ready.IsSuccessStatusCode);

        var one = await _executor.ApplyAsync(Plan("two", 1));
        Assert.Single(one.Replicas);
        Assert.Equal(state.Url, one.Url);
        Assert.Equal(bundles.V1.Version, await PredictVersion(state.Url!));

        await _executor.RemoveAsync(Key("two"));
        Assert.Null(await _executor.ObserveAsync(Key("two")));
    }

    [Fact]
    public async Task The_canary_weight_moves_traffic_through_the_routing_file_without_restarting_replicas()
    {
        await _executor.ApplyAsync(Plan("canary", 1));
        var before = await AllReady(Key("canary"), 1);
        var url = before.Url!;
        Assert.Equal(bundles.V1.Version, await PredictVersion(url));

        await _executor.ApplyAsync(Plan("canary", 1, bundles.V2, 100));
        await Eventually.Until(() => PredictVersion(url), v => v == bundles.V2.Version, Limit, "the canary answering at weight 100");
        Assert.Equal(new Dictionary<string, int> { [bundles.V2.Version] = 20 }, await CountVersions(url, 20));

        var half = await _executor.ApplyAsync(Plan("canary", 1, bundles.V2, 50));
        Assert.Equal(bundles.V2.Version, half.CanaryVersion);
        Assert.Equal(50, half.CanaryWeight);
        await Eventually.Until(() => CountVersions(url, 20), c => c.GetValueOrDefault(bundles.V1.Version) > 0, Limit, "stable answering again at weight 50");
        var counts = await CountVersions(url, 100); // after the reload: each request goes to the canary with p = 0.5
        Assert.InRange(counts.GetValueOrDefault(bundles.V2.Version), 25, 75);
        Assert.Equal(100, counts.GetValueOrDefault(bundles.V1.Version) + counts.GetValueOrDefault(bundles.V2.Version));

        await _executor.ApplyAsync(Plan("canary", 1, bundles.V2, 0));
        await Eventually.Until(() => CountVersions(url, 10), c => c.Keys.SequenceEqual([bundles.V1.Version]), Limit, "all traffic back on stable");

        var after = (await _executor.ObserveAsync(Key("canary")))!;
        Assert.Equal(before.Replicas[0].Endpoint, after.Replicas[0].Endpoint); // the same process all along
        Assert.Equal(0, after.Replicas[0].Restarts);
    }

    [Fact]
    public async Task A_crashed_replica_is_restarted_and_serves_again()
    {
        await _executor.ApplyAsync(Plan("crash", 1));
        var before = await AllReady(Key("crash"), 1);
        var records = Path.Combine(bundles.Workspace.State, "serving", "default", "crash", "replicas", "0");
        var child = ProcessTable.ReadPid(Path.Combine(records, "child.pid"))!.Value;
        Assert.True(ProcessTable.KillIfOurs(child, bundles.Workspace.State));

        var after = await Eventually.Until(async () => (await _executor.ObserveAsync(Key("crash")))!, s => s.Replicas[0].Restarts == 1 && s.Replicas[0].Ready, Limit,
            "the replica restarted and ready");
        Assert.NotEqual(child, ProcessTable.ReadPid(Path.Combine(records, "child.pid")));
        Assert.Equal(bundles.V1.Version, await PredictVersion(after.Url!));
        Assert.Equal(before.Url, after.Url);
    }

    [Fact]
    public async Task No_replica_survives_a_SIGKILL_of_its_control_plane_and_a_new_one_cleans_up_what_is_recorded()
    {
        int child, shell;
        var records = Path.Combine(bundles.Workspace.State, "serving", "default", "orphan", "replicas", "0");
        using (var parent = await ParentProcess.StartAsync("serve", bundles.Workspace.State, TestPaths.CliDll, bundles.V1.BundlePath, bundles.V1.Version))
        {
            child = await Eventually.Until(() => Task.FromResult(ProcessTable.ReadPid(Path.Combine(records, "child.pid")) ?? 0), p => p > 0, Limit, "the replica's pid");
            shell = ProcessTable.ReadPid(Path.Combine(records, "shell.pid"))!.Value;
            Assert.True(ProcessTable.IsAliveAndOurs(child, bundles.Workspace.State));
            parent.KillHard();
        }
        Assert.True(await ProcessTable.WaitGoneAsync([child, shell], bundles.Workspace.State, TimeSpan.FromSeconds(10)), "the replica outlived its killed parent");

        await using var next = new ProcessServingExecutor(bundles.Workspace.Options);
        Assert.False(Directory.Exists(records));
    }
}
