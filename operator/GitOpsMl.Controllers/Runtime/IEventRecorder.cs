using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Store;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>Records decisions as events on an object (gate failed, canary promoted, rollback).</summary>
public interface IEventRecorder
{
    Task RecordAsync(CustomResource about, EventSeverity type, string reason, string message, CancellationToken ct = default);
}
