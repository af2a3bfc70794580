using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;
using Spectre.Console;

namespace GitOpsMl.Cli.ControlPlane;

/// <summary>
/// What `up` shows a person while the control plane works: one line whenever an object's Ready (or
/// Reconciling) message changes — training epochs, gate verdicts, rollout steps, drift — and every
/// event. Coloured on a terminal; plain timestamped lines when stdout is not one.
/// </summary>
public sealed class ProgressReporter(IObjectStore store, IAnsiConsole console, TimeProvider time)
{
    private readonly Dictionary<ObjectKey, string> _lastLine = [];
    private readonly HashSet<(ObjectKey, string, string, int)> _seenEvents = [];

    public async Task RunAsync(long fromRevision, CancellationToken ct)
    {
        try
        {
            await foreach (var change in store.WatchAsync(null, fromRevision, ct))
            {
                if (change.Type == WatchEventType.Deleted) { Write(ObjectKey.Of(change.Object), "grey", "deleted"); continue; }
                Report(change.Object);
                await ReportEventsAsync(ObjectKey.Of(change.Object), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private void Report(CustomResource resource)
    {
        var key = ObjectKey.Of(resource);
        var conditions = resource.GetStatus()?.Conditions;
        var reconciling = ConditionList.Get(conditions, ConditionTypes.Reconciling);
        var ready = ConditionList.Get(conditions, ConditionTypes.Ready);
        if (ready is null && reconciling is null) return;
        var (glyph, color, text) = HealthMark.Of(resource);
        var message = reconciling?.Status == ConditionStatus.True ? $"{reconciling.Reason}: {reconciling.Message}" : text;
        if (_lastLine.TryGetValue(key, out var before) && before == message) return;
        _lastLine[key] = message;
        Write(key, color, $"{glyph} {message}");
    }

    private async Task ReportEventsAsync(ObjectKey key, CancellationToken ct)
    {
        foreach (var e in await store.ListEventsAsync(key, ct))
        {
            if (!_seenEvents.Add((key, e.Reason, e.Message, e.Count))) continue;
            Write(key, e.Type == EventSeverity.Warning ? "yellow" : "green", $"event {e.Reason}: {e.Message}");
        }
    }

    private void Write(ObjectKey key, string color, string text) =>
        console.MarkupLine($"[grey]{time.GetLocalNow():HH:mm:ss}[/] [bold]{key.Kind}/{Markup.Escape(key.Name)}[/] [{color}]{Markup.Escape(text)}[/]");
}
