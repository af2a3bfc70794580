using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>Events go to the store beside their object (the store counts repeats), stamped with the injected clock.</summary>
public sealed class StoreEventRecorder(IObjectStore store, TimeProvider time) : IEventRecorder
{
    public Task RecordAsync(CustomResource about, EventSeverity type, string reason, string message, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        return store.RecordEventAsync(new ObjectEvent(ObjectKey.Of(about), type, reason, message)
        {
            FirstTimestamp = now,
            LastTimestamp = now,
        }, ct);
    }
}
