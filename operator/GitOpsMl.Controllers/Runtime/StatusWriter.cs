using System.Text.Json;
using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// Writes a status only when its content changed (KServe's <c>updateStatus</c>): statuses are compared
/// by their canonical ApiJson serialisation, because records holding lists compare by reference.
/// A conflict re-reads the object and writes the same status onto the fresh copy. An event is
/// recorded when Ready flips (and only then).
/// </summary>
public sealed class StatusWriter(IObjectStore store, IEventRecorder events, int maxConflictRetries = 5)
{
    /// <summary>Writes <paramref name="status"/> onto <paramref name="current"/>; returns the stored object, or null if it is gone.</summary>
    public async Task<CustomResource?> WriteAsync(CustomResource current, ResourceStatus status, CancellationToken ct = default)
    {
        var before = current.GetStatus();
        if (SameContent(before, status)) return current;
        var target = current;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var written = await store.UpdateStatusAsync(target.WithStatus(status), ct).ConfigureAwait(false);
                await RecordReadyFlipAsync(written, before, status, ct).ConfigureAwait(false);
                return written;
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict && attempt < maxConflictRetries)
            {
                var fresh = await store.GetAsync(ObjectKey.Of(current), ct).ConfigureAwait(false);
                if (fresh is null) return null;
                if (SameContent(fresh.GetStatus(), status)) return fresh;
                target = fresh;
            }
            catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
            {
                return null;
            }
        }
    }

    /// <summary>Whether two statuses serialise to the same bytes (null equals only null).</summary>
    public static bool SameContent(ResourceStatus? a, ResourceStatus? b)
    {
        if (a is null || b is null) return a is null && b is null;
        return Canonical(a) == Canonical(b);
    }

    public static string Canonical(ResourceStatus status) => JsonSerializer.Serialize(status, status.GetType(), ApiJson.Options);

    private async Task RecordReadyFlipAsync(CustomResource about, ResourceStatus? before, ResourceStatus after, CancellationToken ct)
    {
        var was = ConditionList.Get(before?.Conditions, ConditionTypes.Ready);
        var now = ConditionList.Get(after.Conditions, ConditionTypes.Ready);
        if (now is null || was?.Status == now.Status) return;
        // Unknown is "still working": only True and False are worth a person's attention.
        if (now.Status == ConditionStatus.Unknown) return;
        var severity = now.Status == ConditionStatus.True ? EventSeverity.Normal : EventSeverity.Warning;
        var message = now.Message.Length > 0 ? now.Message : $"Ready={now.Status}";
        await events.RecordAsync(about, severity, now.Reason, message, ct).ConfigureAwait(false);
    }
}
