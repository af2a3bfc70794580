using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Store;

/// <summary>A store refusal with the kind a caller branches on (409 Conflict, 404 NotFound, 410 Expired ...).</summary>
public sealed class StoreException(StoreErrorKind kind, ObjectKey? key, string message) : Exception(message)
{
    public StoreErrorKind Kind { get; } = kind;
    public ObjectKey? Key { get; } = key;

    /// <summary>For <see cref="StoreErrorKind.Invalid"/> from an API server: each refused field with its path (empty when the server named none).</summary>
    public IReadOnlyList<StoreFieldError> Fields { get; init; } = [];
}
