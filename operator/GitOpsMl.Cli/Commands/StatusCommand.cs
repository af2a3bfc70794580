using System.CommandLine;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using GitOpsMl.Cli.ControlPlane;
using Spectre.Console;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml status`: the whole chain as a tree with health marks.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var state = StateOptions.Create();
        var cmd = new Command("status", "Show Dataset → FeatureSet → TrainingJob → Model → Deployment → Monitor as a tree with health marks.") { state };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(state), Console.Out, Console.Error, ct));
        return cmd;
    }

    public static async Task<int> RunAsync(string? stateOption, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        using var store = StateOptions.OpenExisting(stateOption, stderr, "status");
        if (store is null) return ExitCodes.Usage;
        var all = new List<CustomResource>();
        foreach (var kind in KindRegistry.All) all.AddRange((await store.ListAsync(kind.Kind, null, ct)).Items);
        var console = Consoles.For(stdout);
        var trees = StatusTree.Build(all);
        if (trees.Count == 0) stdout.WriteLine("No objects yet: `gitopsml apply -f PATH` or `gitopsml up PATH`.");
        foreach (var tree in trees) console.Write(tree);
        return ExitCodes.Ok;
    }
}
