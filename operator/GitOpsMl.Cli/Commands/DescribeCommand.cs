using System.CommandLine;
using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Cli.ControlPlane;

namespace GitOpsMl.Cli.Commands;

/// <summary>`gitopsml describe KIND NAME`: metadata, spec, status, conditions and events, like kubectl describe.</summary>
public static class DescribeCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "Kind, plural or short name." };
        var name = new Argument<string>("name");
        var ns = new Option<string?>("--namespace", "-n") { Description = "Namespace (default: default)." };
        var state = StateOptions.Create();
        var cmd = new Command("describe", "Show an object with its conditions and events.") { kind, name, ns, state };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(kind)!, parse.GetValue(name)!, parse.GetValue(ns), parse.GetValue(state), Console.Out, Console.Error, ct));
        return cmd;
    }

    public static async Task<int> RunAsync(string kind, string name, string? ns, string? stateOption, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (KindNames.Resolve(kind) is not [var info])
        {
            stderr.WriteLine($"gitopsml describe: unknown kind \"{kind}\"; expected one of {KindNames.Known()}");
            return ExitCodes.Usage;
        }
        using var store = StateOptions.OpenExisting(stateOption, stderr, "describe");
        if (store is null) return ExitCodes.Usage;
        var key = ObjectKey.For(info.Kind, ns, name);
        if (await store.GetAsync(key, ct) is not { } resource)
        {
            stderr.WriteLine($"gitopsml describe: {info.Kind}/{name} not found in namespace {key.Namespace}");
            return ExitCodes.Usage;
        }
        var now = DateTimeOffset.UtcNow;
        var meta = resource.Metadata;
        stdout.WriteLine($"Name:         {meta.Name}");
        stdout.WriteLine($"Namespace:    {key.Namespace}");
        stdout.WriteLine($"Kind:         {info.Kind}");
        stdout.WriteLine($"Generation:   {meta.Generation}");
        stdout.WriteLine($"Created:      {meta.CreationTimestamp:u} ({ObjectTable.Age(now - (meta.CreationTimestamp ?? now))} ago)");
        if (meta.Labels is { Count: > 0 } labels) stdout.WriteLine($"Labels:       {string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}"))}");
        if (meta.Annotations is { Count: > 0 } annotations)
        {
            stdout.WriteLine("Annotations:");
            foreach (var (k, v) in annotations.OrderBy(a => a.Key)) stdout.WriteLine($"  {k}: {v}");
        }
        if (meta.OwnerReferences is { Count: > 0 } owners) stdout.WriteLine($"Owned by:     {string.Join(", ", owners.Select(o => $"{o.Kind}/{o.Name}"))}");
        var json = JsonSerializer.SerializeToElement(resource, resource.GetType(), ApiJson.Options);
        stdout.WriteLine("Spec:");
        WriteIndented(stdout, ObjectYaml.Of(json.GetProperty("spec")));
        var status = resource.GetStatus();
        if (status is not null)
        {
            stdout.WriteLine("Status:");
            var statusJson = json.GetProperty("status");
            var withoutConditions = statusJson.EnumerateObject().Where(p => p.Name != "conditions").ToDictionary(p => p.Name, p => p.Value);
            if (withoutConditions.Count > 0) WriteIndented(stdout, ObjectYaml.Of(withoutConditions));
            stdout.WriteLine("Conditions:");
            stdout.WriteLine("  TYPE            STATUS    REASON                     AGE     MESSAGE");
            foreach (var c in status.Conditions ?? [])
                stdout.WriteLine($"  {c.Type,-15} {c.Status,-9} {c.Reason,-26} {ObjectTable.Age(now - c.LastTransitionTime),-7} {c.Message}");
        }
        var events = await store.ListEventsAsync(key, ct);
        stdout.WriteLine("Events:");
        if (events.Count == 0)
        {
            stdout.WriteLine("  <none>");
        }
        else
        {
            stdout.WriteLine("  TYPE      REASON                 AGE     COUNT  MESSAGE");
            foreach (var e in events.OrderBy(e => e.LastTimestamp))
                stdout.WriteLine($"  {e.Type,-9} {e.Reason,-22} {ObjectTable.Age(now - e.LastTimestamp),-7} {e.Count,-6} {e.Message}");
        }
        return ExitCodes.Ok;
    }

    private static void WriteIndented(TextWriter output, string yaml)
    {
        foreach (var line in yaml.TrimEnd().Split('\n')) output.WriteLine($"  {line}");
    }
}
