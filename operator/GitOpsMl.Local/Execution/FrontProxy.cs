using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace GitOpsMl.Local.Execution;

/// <summary>
/// One Deployment's front door: Kestrel on a loopback port with YARP forwarding every path to the
/// ready replicas (least requests), with YARP's active health checks on /v2/health/ready taking a
/// replica out between the executor's own probes. Destinations change in memory, without a restart.
/// </summary>
public sealed class FrontProxy : IAsyncDisposable
{
    private const string ClusterId = "replicas";
    private readonly WebApplication _app;
    private readonly InMemoryConfigProvider _config;
    private IReadOnlyDictionary<string, Uri> _destinations = new Dictionary<string, Uri>();

    private FrontProxy(WebApplication app, int port)
    {
        _app = app;
        Port = port;
        _config = app.Services.GetRequiredService<InMemoryConfigProvider>();
    }

    public int Port { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public static async Task<FrontProxy> StartAsync(int port, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddReverseProxy().LoadFromMemory([Route], [Cluster(new Dictionary<string, Uri>())]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync(ct).ConfigureAwait(false);
        return new FrontProxy(app, port);
    }

    /// <summary>Points the proxy at these replicas (name → endpoint); a no-op when they are the ones it has.</summary>
    public void SetDestinations(IReadOnlyDictionary<string, Uri> destinations)
    {
        if (destinations.Count == _destinations.Count && destinations.All(d => _destinations.TryGetValue(d.Key, out var u) && u == d.Value)) return;
        _destinations = new Dictionary<string, Uri>(destinations);
        _config.Update([Route], [Cluster(_destinations)]);
    }

    private static RouteConfig Route { get; } = new()
    {
        RouteId = "all",
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = "{**catch-all}" },
    };

    private static ClusterConfig Cluster(IReadOnlyDictionary<string, Uri> destinations) => new()
    {
        ClusterId = ClusterId,
        LoadBalancingPolicy = LoadBalancingPolicies.LeastRequests,
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = TimeSpan.FromSeconds(1),
                Timeout = TimeSpan.FromSeconds(1),
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/v2/health/ready",
            },
        },
        Destinations = destinations.ToDictionary(d => d.Key, d => new DestinationConfig { Address = d.Value.ToString() }),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
