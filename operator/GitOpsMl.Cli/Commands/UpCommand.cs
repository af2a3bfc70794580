using System.CommandLine;
using GitOpsMl.Cli.ControlPlane;
using GitOpsMl.Cli.Validation;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Local.Hosting;

namespace GitOpsMl.Cli.Commands;

/// <summary>
/// `gitopsml up PATH [--port N]`: validate (an invalid set is refused with validate's messages, nothing
/// applied), apply, and run the whole control plane on this machine until Ctrl-C: training runs and
/// inference servers as child processes, every one stopped on exit.
/// </summary>
public static class UpCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders of manifests.", Arity = ArgumentArity.OneOrMore };
        var port = new Option<int?>("--port") { Description = "Front port of the first Deployment (default: a free port, shown in status)." };
        var prune = new Option<bool>("--prune") { Description = "Delete objects an earlier `up`/`apply` made from this repository that the manifests no longer hold." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve the controllers' Prometheus metrics (reconciles, durations, errors by kind; queue depth) on this port at /metrics." };
        var secretsDir = new Option<string?>("--secrets-dir")
        {
            Description = "Folder of the Secrets GitSource spec.secretRef names, as Kubernetes mounts them: DIR/<namespace>/<name>/<key>, one file per key " +
                "(username and password, or bearerToken); read at every sync.",
        };
        var state = StateOptions.Create();
        var cmd = new Command("up", "Validate, apply and run the control plane locally until Ctrl-C (training, registry, gates, canary rollouts, monitors).")
        {
            paths, port, metricsPort, prune, secretsDir, state,
        };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(paths)!, parse.GetValue(port), parse.GetValue(state), Console.Out, Console.Error, ct,
            parse.GetValue(metricsPort), parse.GetValue(prune), parse.GetValue(secretsDir)));
        return cmd;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> paths, int? port, string? stateOption, TextWriter stdout, TextWriter stderr, CancellationToken ct,
        int? metricsPort = null, bool prune = false, string? secretsDir = null)
    {
        if (secretsDir is not null && !Directory.Exists(secretsDir))
        {
            stderr.WriteLine($"gitopsml up: --secrets-dir {secretsDir}: no such folder");
            return ExitCodes.Usage;
        }
        var read = ManifestSetReader.Read(paths);
        foreach (var e in read.UsageErrors) stderr.WriteLine($"gitopsml up: {e}");
        if (read.Report is not { } report) return ExitCodes.Usage;
        if (!report.IsValid)
        {
            DiagnosticFormatter.WriteText(stderr, report);
            stderr.WriteLine("gitopsml up: the manifests are invalid (see above); nothing was applied");
            return ExitCodes.Invalid;
        }
        using var signals = new StopSignals(ct);
        ct = signals.Token;
        var state = StateDirectory.Resolve(stateOption);
        var registry = Prometheus.Metrics.NewCustomRegistry();
        await using var plane = new LocalControlPlane(new LocalControlPlaneOptions(state, Local.Execution.GitOpsMlCommand.FromEntryAssembly())
        {
            FirstFrontPort = port,
            Metrics = registry,
            SecretsDirectory = secretsDir,
        });
        using var metrics = ControlPlaneSession.ServeMetrics(metricsPort, registry, stdout);
        var from = plane.EmbeddedStore!.CurrentRevision();
        var results = (await ManifestApplier.ApplyAsync(plane.Store, read, GitCommitReader.Stamp, ct)).ToList();
        if (prune) results.AddRange(await ManifestApplier.PruneAsync(plane.Store, read, ct));
        foreach (var applied in results)
            stdout.WriteLine($"{applied.Key.Kind.ToLowerInvariant()}.gitopsml.io/{applied.Key.Name} {applied.Action}");
        stdout.WriteLine($"control plane running (state {state}); Ctrl-C stops it and every training run and server it started");
        await ControlPlaneSession.RunAsync(plane, from, stdout, ct);
        stdout.WriteLine("control plane stopped");
        return ExitCodes.Ok;
    }
}
