using System.CommandLine;
using GitOpsMl.Cli.ControlPlane;
using GitOpsMl.Cli.Validation;
using GitOpsMl.Controllers.Manifests;
using GitOpsMl.Local.Store;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml apply -f PATH`: validate a manifest set and write it into the local control plane (all or nothing).</summary>
public static class ApplyCommand
{
    public static Command Create()
    {
        var files = new Option<string[]>("--filename", "-f") { Description = "Files or folders of manifests.", Required = true, Arity = ArgumentArity.OneOrMore };
        var prune = new Option<bool>("--prune") { Description = "Delete objects applied earlier from the same repository root that the manifests no longer hold (ModelVersions are never pruned)." };
        var state = StateOptions.Create();
        var cmd = new Command("apply", "Validate manifests and apply them to the local control plane (created, configured or unchanged per object). Exit 0 ok, 1 invalid, 2 usage.")
        {
            files, prune, state,
        };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(files)!, parse.GetValue(state), Console.Out, Console.Error, ct, parse.GetValue(prune)));
        return cmd;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> paths, string? stateOption, TextWriter stdout, TextWriter stderr, CancellationToken ct, bool prune = false)
    {
        var read = ManifestSetReader.Read(paths);
        foreach (var e in read.UsageErrors) stderr.WriteLine($"gitopsml apply: {e}");
        if (read.Report is not { } report) return ExitCodes.Usage;
        if (!report.IsValid)
        {
            DiagnosticFormatter.WriteText(stderr, report);
            stderr.WriteLine("gitopsml apply: the manifests are invalid (see above); nothing was applied");
            return ExitCodes.Invalid;
        }
        var state = StateDirectory.Resolve(stateOption);
        Directory.CreateDirectory(state);
        using var store = new SqliteObjectStore(StateDirectory.Database(state));
        var results = (await ManifestApplier.ApplyAsync(store, read, GitCommitReader.Stamp, ct)).ToList();
        if (prune) results.AddRange(await ManifestApplier.PruneAsync(store, read, ct));
        foreach (var applied in results)
            stdout.WriteLine($"{applied.Key.Kind.ToLowerInvariant()}.gitopsml.io/{applied.Key.Name} {applied.Action}");
        return ExitCodes.Ok;
    }
}
