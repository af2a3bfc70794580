using System.CommandLine;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Cli.ControlPlane;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml get KIND [NAME] [-o yaml|json|wide]`: kubectl get over the local control plane, with the CRDs' printer columns.</summary>
public static class GetCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "Kind, plural or short name; gitopsml or all for every kind." };
        var name = new Argument<string?>("name") { Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { Description = "yaml, json or wide." };
        output.AcceptOnlyFromAmong("yaml", "json", "wide");
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace (default: all)." };
        var state = StateOptions.Create();
        var cmd = new Command("get", "List objects of the local control plane with their printer columns.") { kind, name, output, ns, state };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(kind)!, parse.GetValue(name), parse.GetValue(output), parse.GetValue(ns), parse.GetValue(state), Console.Out, Console.Error, ct));
        return cmd;
    }

    public static async Task<int> RunAsync(string kind, string? name, string? output, string? ns, string? stateOption, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (KindNames.Resolve(kind) is not { } kinds)
        {
            stderr.WriteLine($"gitopsml get: unknown kind \"{kind}\"; expected one of {KindNames.Known()}");
            return ExitCodes.Usage;
        }
        using var store = StateOptions.OpenExisting(stateOption, stderr, "get");
        if (store is null) return ExitCodes.Usage;
        var found = new List<CustomResource>();
        var first = true;
        foreach (var info in kinds)
        {
            var items = (await store.ListAsync(info.Kind, ns, ct)).Items.Where(i => name is null || i.Metadata.Name == name)
                .OrderBy(i => i.Metadata.Namespace).ThenBy(i => i.Metadata.Name).ToList();
            found.AddRange(items);
            if (output is "yaml" or "json" || items.Count == 0) continue;
            if (!first) stdout.WriteLine();
            first = false;
            if (kinds.Count > 1) stdout.WriteLine($"{info.Plural}.gitopsml.io:");
            ObjectTable.Write(stdout, info, items, output == "wide", DateTimeOffset.UtcNow);
        }
        if (name is not null && found.Count == 0)
        {
            stderr.WriteLine($"gitopsml get: {kinds[0].Kind}/{name} not found");
            return ExitCodes.Usage;
        }
        switch (output)
        {
            case "json":
                stdout.WriteLine(name is not null && found.Count == 1
                    ? JsonSerializer.Serialize(found[0], found[0].GetType(), ApiJson.Indented)
                    : JsonSerializer.Serialize(new { apiVersion = "v1", kind = "List", items = found.Cast<object>().ToList() }, ApiJson.Indented));
                break;
            case "yaml":
                stdout.Write(name is not null && found.Count == 1 ? ObjectYaml.Of(found[0]) : ObjectYaml.Of(new { apiVersion = "v1", kind = "List", items = found.Cast<object>().ToList() }));
                break;
            default:
                if (found.Count == 0) stderr.WriteLine("No resources found.");
                break;
        }
        return ExitCodes.Ok;
    }
}
