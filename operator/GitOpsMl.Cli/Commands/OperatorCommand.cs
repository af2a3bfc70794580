using System.CommandLine;
using System.CommandLine.Parsing;
using GitOpsMl.Api.Common;
using GitOpsMl.Cli.ControlPlane;
using GitOpsMl.Kubernetes;
using GitOpsMl.Local.Hosting;

namespace GitOpsMl.Cli.Commands;

/// <summary>
/// `gitopsml operator`: the reconcilers of `up` against a Kubernetes cluster's API server (objects applied
/// with kubectl or Argo CD, status and Events written back to the cluster) until Ctrl-C or SIGTERM.
/// Trainers and inference servers still run as child processes of this process, beside the operator:
/// an in-cluster Pod/Job executor needs a container image, which is not built here.
/// Several may run against one cluster: they elect a leader over a Lease (<see cref="LeaseLeadership"/>), and
/// only the leader builds the control plane; a lost Lease ends the process (exit 75) so that it restarts as a standby.
/// </summary>
public static class OperatorCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config, else the in-cluster service account)." };
        var context = new Option<string?>("--context") { Description = "Kubeconfig context to use (default: its current context)." };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Watch and reconcile only this namespace (default: all namespaces)." };
        var dataRoot = new Option<string?>("--data-root") { Description = $"Folder that relative Dataset spec.source.path values resolve against when the {Controllers.Metadata.GitOpsMlAnnotations.SourceRoot} annotation (set by `gitopsml apply`, not by kubectl) is absent." };
        var port = new Option<int?>("--port") { Description = "Front port of the first Deployment on this machine (default: a free port, shown in its status.url)." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve the controllers' Prometheus metrics (reconciles, durations, errors by kind; queue depth) on this port at /metrics." };
        var leaderElect = new Option<bool>("--leader-elect")
        {
            Description = "Elect a leader over a coordination.k8s.io Lease so that only one of several operators reconciles; --leader-elect=false for a single process.",
            DefaultValueFactory = _ => true,
        };
        var leaseNamespace = new Option<string?>("--leader-election-namespace") { Description = $"Namespace of the Lease (default: the --namespace watched, else the pod's own in a cluster, else {LeaderElectionOptions.DefaultNamespace})." };
        var leaseId = new Option<string>("--leader-election-id")
        {
            Description = $"Name of the Lease; operators with the same one elect one leader (default {LeaderElectionOptions.DefaultLeaseName}).",
            DefaultValueFactory = _ => LeaderElectionOptions.DefaultLeaseName,
        };
        var defaults = new LeaderElectionOptions();
        var leaseDuration = DurationOption("--leader-election-lease-duration", defaults.LeaseDuration, "How long a standby waits for a Lease that is no longer renewed before taking it");
        var renewDeadline = DurationOption("--leader-election-renew-deadline", defaults.RenewDeadline, "How long the leader keeps trying to renew before it stops and exits");
        var retryPeriod = DurationOption("--leader-election-retry-period", defaults.RetryPeriod, "How often the leader renews and standbys try to acquire");
        var state = StateOptions.Create();
        state.Description = $"Folder for training runs, model bundles, serving files and logs (default: ./{StateDirectory.DefaultName}, or ${StateDirectory.Variable}); objects live in the cluster.";
        var cmd = new Command("operator",
            "Run the controllers against a Kubernetes cluster (CRDs from crds/ installed) until Ctrl-C or SIGTERM. " +
            "Trainers and inference servers run as child processes beside the operator, not as Pods: an in-cluster executor needs a container image, not built here.")
        {
            kubeconfig, context, ns, dataRoot, port, metricsPort, state, leaderElect, leaseNamespace, leaseId, leaseDuration, renewDeadline, retryPeriod,
        };
        cmd.SetAction((parse, ct) => RunAsync(new OperatorSettings(parse.GetValue(kubeconfig), parse.GetValue(context), parse.GetValue(ns),
            parse.GetValue(state), parse.GetValue(dataRoot), parse.GetValue(metricsPort), parse.GetValue(port))
        {
            LeaderElect = parse.GetValue(leaderElect),
            LeaderElectionNamespace = parse.GetValue(leaseNamespace),
            LeaderElectionId = parse.GetValue(leaseId)!,
            LeaseDuration = parse.GetValue(leaseDuration),
            RenewDeadline = parse.GetValue(renewDeadline),
            RetryPeriod = parse.GetValue(retryPeriod),
        }, Console.Out, Console.Error, ct));
        return cmd;
    }

    /// <summary>A duration option written as Kubernetes users write them (15s, 500ms, 1m).</summary>
    private static Option<TimeSpan> DurationOption(string name, TimeSpan fallback, string description) => new(name)
    {
        Description = $"{description} (a duration such as 15s or 500ms; default {fallback.TotalSeconds:0.#}s).",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (GoDuration.TryParse(text, out var value))
            {
                return value;
            }
            result.AddError($"{name} {text}: not a duration such as 15s, 500ms or 1m");
            return fallback;
        },
    };

    public static async Task<int> RunAsync(OperatorSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var election = settings.LeaderElection(InClusterNamespace.Read());
        if (election?.TimingProblem() is { } problem)
        {
            stderr.WriteLine($"gitopsml operator: leader election: {problem}");
            return ExitCodes.Usage;
        }
        string? dataRoot = null;
        if (settings.DataRoot is { } given)
        {
            dataRoot = Path.GetFullPath(given);
            if (!Directory.Exists(dataRoot))
            {
                stderr.WriteLine($"gitopsml operator: --data-root {given}: no such folder");
                return ExitCodes.Usage;
            }
        }
        using var signals = new StopSignals(ct);
        ct = signals.Token;
        KubernetesObjectStore store;
        k8s.Kubernetes client;
        try
        {
            (store, client) = KubernetesObjectStore.FromKubeconfig(settings.Kubeconfig, settings.Context, new KubernetesStoreOptions { Namespace = settings.Namespace });
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            stderr.WriteLine($"gitopsml operator: no usable kubeconfig ({e.Message.TrimEnd('.')}); pass --kubeconfig, set KUBECONFIG, or run in a pod with a service account");
            return ExitCodes.Usage;
        }
        using var _ = client;
        var missing = await ServedKinds.MissingAsync(client, settings.Namespace, ct);
        if (missing.Count > 0)
        {
            stderr.WriteLine($"gitopsml operator: {ServedKinds.Describe(missing, client.BaseUri)}");
            return ExitCodes.Usage;
        }

        var stateDirectory = StateDirectory.Resolve(settings.State);
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var metrics = ControlPlaneSession.ServeMetrics(settings.MetricsPort, registry, stdout);
        stdout.WriteLine($"operator running against {client.BaseUri} ({(settings.Namespace is { } n ? $"namespace {n}" : "all namespaces")}; " +
            $"data root {dataRoot ?? "none: Datasets need the source-root annotation"}; state {stateDirectory}); " +
            "trainers and servers run as child processes of this one; Ctrl-C or SIGTERM stops it and every one of them");

        // Only a leader builds the control plane: a standby starts no informer, reconciler or executor.
        async Task Reconcile(CancellationToken leading)
        {
            await using var plane = new LocalControlPlane(new LocalControlPlaneOptions(stateDirectory, Local.Execution.GitOpsMlCommand.FromEntryAssembly())
            {
                Store = store,
                SecretReader = new KubernetesSecretReader(client),
                DataRoot = dataRoot,
                FirstFrontPort = settings.Port,
                Metrics = registry,
            });
            // Progress lines start at the cluster's current revision (etcd's is global: any kind's list carries it).
            var from = (await store.ListAsync("Dataset", ct: leading)).Revision;
            await ControlPlaneSession.RunAsync(plane, from, stdout, leading);
        }

        if (election is not null)
        {
            await new LeaseLeadership(client, election, stdout).RunAsync(Reconcile, ct);
        }
        else
        {
            stdout.WriteLine("leader election off (--leader-elect=false): run no other operator against these objects");
            try
            {
                await Reconcile(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        }
        stdout.WriteLine("operator stopped");
        return ExitCodes.Ok;
    }
}
