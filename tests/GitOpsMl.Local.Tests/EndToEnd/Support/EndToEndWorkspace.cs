using System.Net.Sockets;
using GitOpsMl.Local.Tests.Execution.Support;

namespace GitOpsMl.Local.Tests.EndToEnd.Support;

/// <summary>
/// A copy of examples/churn in a temporary repository, with manifests a test rewrites the way a
/// user edits files before `gitopsml apply`; the state folder lives beside it unless given elsewhere.
/// </summary>
public sealed class EndToEndWorkspace : IDisposable
{
    public EndToEndWorkspace(string? state = null)
    {
        Root = Directory.CreateTempSubdirectory("gitopsml-e2e-").FullName;
        File.WriteAllText(Path.Combine(Root, ".gitopsml-root"), "");
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        File.Copy(TestPaths.Combine("examples", "churn", "data", "churn.csv"), DataFile);
        Directory.CreateDirectory(Manifests);
        foreach (var file in Directory.GetFiles(TestPaths.Combine("examples", "churn", "manifests"), "*.yaml"))
            File.Copy(file, Path.Combine(Manifests, Path.GetFileName(file)));
        State = state ?? Path.Combine(Root, ".gitopsml");
        Port = FreePort();
    }

    public string Root { get; }
    public string Manifests => Path.Combine(Root, "manifests");
    public string DataFile => Path.Combine(Root, "data", "churn.csv");
    public string State { get; }
    public int Port { get; }
    public Uri Front => new($"http://127.0.0.1:{Port}/");

    public void Write(string file, string yaml) => File.WriteAllText(Path.Combine(Manifests, file), yaml);

    public void Replace(string file, string old, string replacement)
    {
        var path = Path.Combine(Manifests, file);
        var text = File.ReadAllText(path);
        Assert.Contains(old, text);
        File.WriteAllText(path, text.Replace(old, replacement));
    }

    /// <summary>Short canary steps and lenient analysis so a rollout fits in a test.</summary>
    public void UseCanary(string steps, int minRequests = 20) => Write("deployment.yaml", $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Deployment
        metadata: {name: churn}
        spec:
          modelRef: {name: churn}
          replicas: {min: 1, max: 2}
          rollout:
            canary:
              steps: {{steps}}
              analysis: {maxErrorRate: 0.05, maxP99LatencyMs: 2000, minRequests: {{minRequests}}}
        """);

    /// <summary>Gates every reasonable churn model passes (the example's maxRegression would make a reseeded model a coin flip).</summary>
    public void UseGates(string gates) => Write("model.yaml", $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Model
        metadata: {name: churn}
        spec:
          gates: {{gates}}
        """);

    public void UseMonitor(string drift, string onDrift) => Write("monitor.yaml", $$"""
        apiVersion: gitopsml.io/v1alpha1
        kind: Monitor
        metadata: {name: churn}
        spec:
          deploymentRef: {name: churn}
          interval: 1s
          drift: {{drift}}
          actions: {onDrift: {{onDrift}}}
        """);

    /// <summary>A new hyperparameter: the next run trains a new version.</summary>
    public void Reseed(int seed) => Replace("trainingjob.yaml", "seed: 42", $"seed: {seed}");

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
