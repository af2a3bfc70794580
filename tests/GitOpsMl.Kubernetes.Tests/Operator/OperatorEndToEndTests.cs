using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Local.Tests.EndToEnd.Support;
using GitOpsMl.Testing.Kubernetes;
using Xunit.Abstractions;

namespace GitOpsMl.Kubernetes.Tests.Operator;

/// <summary>
/// `gitopsml operator` as a user runs it against a cluster: the CRDs installed, examples/churn applied
/// with kubectl (so without the source-root annotation), the operator a child process with the
/// cluster's kubeconfig; everything checked through the API server as kubectl shows it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OperatorEndToEndTests(StoreCluster cluster, ITestOutputHelper log)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [KubernetesFact(NeedsKubectl = true)]
    public async Task Churn_applied_with_kubectl_is_trained_approved_and_served_and_SIGTERM_leaves_no_child()
    {
        var clock = Stopwatch.StartNew();
        var ns = await cluster.NewNamespaceAsync("operator");
        var store = cluster.Store(ns);
        using var workspace = new OperatorWorkspace();
        var kubeconfig = cluster.ControlPlane.KubeconfigPath;
        await KubectlOk(kubeconfig, "apply", "-n", ns, "-f", workspace.Manifests);

        // Without --data-root a kubectl-applied Dataset has nothing to resolve against: it says so, and nothing guesses.
        await using (var blind = OperatorProcess.Start(workspace.WorkingDirectory, "--kubeconfig", kubeconfig, "--namespace", ns, "--state", workspace.State))
        {
            var ready = await Until(store, "Dataset", "churn", r => ReadyOf(r)?.Reason == ConditionReasons.NoSourceRoot, "the Dataset says it has no root", blind);
            Assert.Equal(ConditionStatus.False, ReadyOf(ready)!.Status);
            var message = await KubectlOk(kubeconfig, "get", "mlds", "churn", "-n", ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].message}");
            Assert.Contains("--data-root", message);
            Assert.Contains("gitopsml.io/source-root", message);
            Assert.Null(((TrainingJob?)await store.GetAsync(ObjectKey.For("TrainingJob", ns, "churn")))?.Status?.Phase);
            await blind.TerminateAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, blind.ExitCode);
        }
        log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: without --data-root, NoSourceRoot");

        await using var op = OperatorProcess.Start(workspace.WorkingDirectory,
            "--kubeconfig", kubeconfig, "--namespace", ns, "--data-root", workspace.Root, "--state", workspace.State, "--port", workspace.Port.ToString());
        await Until(store, "Dataset", "churn", IsReady, "the Dataset is Ready", op);
        await Until(store, "FeatureSet", "churn", IsReady, "the FeatureSet is Ready", op);
        var version = (ModelVersion)await Until(store, "ModelVersion", null, r => ((ModelVersion)r).Status?.Phase == ModelVersionPhase.Approved, "a ModelVersion is Approved", op);
        log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: {version.Metadata.Name} Approved");
        var model = (Model)await Until(store, "Model", "churn", r => ((Model)r).Status?.LatestVersion == "v1", "the Model's latest version is v1", op);
        Assert.Equal("v1", model.Status!.LatestApprovedVersion);
        Assert.Equal(1, version.Spec.Version);
        var deployment = (Deployment)await Until(store, "Deployment", "churn",
            r => r is Deployment { Status: { StableVersion: "v1", ReadyReplicas: >= 1 } } && IsReady(r), "the Deployment serves v1", op);
        log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: served at {deployment.Status!.Url}");

        // A prediction over HTTP, through the Deployment's front port.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{workspace.Port}/"), Timeout = TimeSpan.FromSeconds(10) };
        var row = new JsonObject { ["tenure_months"] = 3, ["monthly_charges"] = 95.5, ["plan"] = "basic", ["region"] = "north", ["contract"] = "monthly", ["support_calls"] = 6 };
        using var response = await http.PostAsJsonAsync("v1/models/churn:predict", new JsonObject { ["instances"] = new JsonArray(row) });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"predict answered {(int)response.StatusCode}: {body}");
        Assert.Single(response.Headers.GetValues("x-model-version"));
        Assert.Contains("predictions", body);

        // What kubectl shows: every object's status, written by the operator, with its Ready condition.
        var listed = JsonNode.Parse(await KubectlOk(kubeconfig, "get", "gitopsml", "-n", ns, "-o", "json"))!["items"]!.AsArray();
        string? Ready(string kind) => listed.Single(i => (string?)i!["kind"] == kind)!["status"]?["conditions"]?.AsArray()
            .SingleOrDefault(c => (string?)c!["type"] == "Ready")?["status"]?.GetValue<string>();
        foreach (var kind in new[] { "Dataset", "FeatureSet", "TrainingJob", "Model", "Deployment" })
        {
            Assert.True(Ready(kind) == "True", $"kubectl shows {kind} churn Ready={Ready(kind) ?? "absent"}");
        }
        Assert.Equal("approved", listed.Single(i => (string?)i!["kind"] == "ModelVersion")!["status"]!["phase"]!.GetValue<string>());
        var table = await KubectlOk(kubeconfig, "get", "mldeploy", "churn", "-n", ns);
        Assert.Contains("v1", table);
        var events = await KubectlOk(kubeconfig, "get", "events", "-n", ns, "--field-selector", "involvedObject.kind=TrainingJob", "-o", "jsonpath={.items[*].reason}");
        Assert.Contains("VersionRegistered", events);

        // SIGTERM stops the operator and every trainer and server it started.
        Assert.NotEmpty(ChildProcesses.Mentioning(workspace.State));
        await op.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, op.ExitCode);
        Assert.Contains("operator stopped", op.Output);
        Assert.Empty(ChildProcesses.Mentioning(workspace.State));
        log.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: stopped, no child left");
    }

    private static Condition? ReadyOf(CustomResource r) => ConditionList.Get(r.GetStatus()?.Conditions, ConditionTypes.Ready);

    private static bool IsReady(CustomResource r) => ReadyOf(r)?.Status == ConditionStatus.True;

    /// <summary>Polls the object (or, without a name, every object of the kind) until one satisfies <paramref name="done"/>; fails with the operator's output.</summary>
    private static async Task<CustomResource> Until(KubernetesObjectStore store, string kind, string? name, Func<CustomResource, bool> done, string what, OperatorProcess op)
    {
        var clock = Stopwatch.StartNew();
        var last = "nothing yet";
        while (clock.Elapsed < Converge)
        {
            var candidates = name is null
                ? (await store.ListAsync(kind)).Items
                : (await store.GetAsync(ObjectKey.For(kind, store.Options.Namespace, name)) is { } one ? [one] : []);
            if (candidates.FirstOrDefault(done) is { } found)
            {
                return found;
            }
            if (candidates.Count > 0)
            {
                last = string.Join("; ", candidates.Select(c => $"{c.Metadata.Name}: {ReadyOf(c)?.Reason} {ReadyOf(c)?.Message}"));
            }
            if (op.HasExited)
            {
                Assert.Fail($"the operator exited ({op.ExitCode}) before {what}:\n{op.Output}");
            }
            await Task.Delay(200);
        }
        Assert.Fail($"{what}: not within {Converge.TotalSeconds:0}s; last: {last}\noperator output:\n{op.Output}");
        return null!;
    }

    private static async Task<string> KubectlOk(string kubeconfig, params string[] args)
    {
        var result = await Kubectl.RunAsync(kubeconfig, args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {result}");
        return result.Stdout;
    }
}
