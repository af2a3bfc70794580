using System.CommandLine;
using GitOpsMl.Api.Common;
using GitOpsMl.Cli.ControlPlane;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml delete KIND NAME`: delete an object; what it owns follows (cascading), finalizers run in `up`.</summary>
public static class DeleteCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "Kind, plural or short name (e.g. ds, tj, mldeploy)." };
        var name = new Argument<string>("name");
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace (default: default)." };
        var state = StateOptions.Create();
        var cmd = new Command("delete", "Delete an object from the local control plane.") { kind, name, ns, state };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(kind)!, parse.GetValue(name)!, parse.GetValue(ns), parse.GetValue(state), Console.Out, Console.Error, ct));
        return cmd;
    }

    public static async Task<int> RunAsync(string kind, string name, string? ns, string? stateOption, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (KindNames.Resolve(kind) is not [var info])
        {
            stderr.WriteLine($"gitopsml delete: unknown kind \"{kind}\"; expected one of {KindNames.Known()}");
            return ExitCodes.Usage;
        }
        using var store = StateOptions.OpenExisting(stateOption, stderr, "delete");
        if (store is null) return ExitCodes.Usage;
        try
        {
            await store.DeleteAsync(ObjectKey.For(info.Kind, ns, name), ct);
            stdout.WriteLine($"{info.Singular}.gitopsml.io/{name} deleted");
            return ExitCodes.Ok;
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            stderr.WriteLine($"gitopsml delete: {info.Kind}/{name} not found in namespace {ObjectKey.NamespaceOf(ns)}");
            return ExitCodes.Usage;
        }
    }
}
