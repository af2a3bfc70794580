using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Store;

public enum EventSeverity { Normal, Warning }

/// <summary>Shaped like core/v1 Event: a decision a person can read with describe.</summary>
public sealed record ObjectEvent(ObjectKey Involved, EventSeverity Type, string Reason, string Message)
{
    public DateTimeOffset FirstTimestamp { get; init; }
    public DateTimeOffset LastTimestamp { get; init; }
    public int Count { get; init; } = 1;
}
