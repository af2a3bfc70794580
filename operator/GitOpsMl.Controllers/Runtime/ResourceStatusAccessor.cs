using System.Collections.Concurrent;
using System.Reflection;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Runtime;

/// <summary>
/// Reads and replaces the typed <c>Status</c> of any kind without knowing it statically
/// (every kind is a <see cref="CustomResource{TSpec,TStatus}"/>): the runtime handles all kinds alike.
/// </summary>
public static class ResourceStatusAccessor
{
    private sealed record Accessor(PropertyInfo Status, MethodInfo CloneMethod);

    private static readonly ConcurrentDictionary<Type, Accessor> Cache = new();

    public static ResourceStatus? Get(CustomResource resource) => (ResourceStatus?)For(resource.GetType()).Status.GetValue(resource);

    /// <summary>The status, or a new empty one of the kind's status type when none was written yet.</summary>
    public static ResourceStatus GetOrNew(CustomResource resource) =>
        Get(resource) ?? (ResourceStatus)Activator.CreateInstance(StatusType(resource.GetType()))!;

    public static Type StatusType(Type kind) => For(kind).Status.PropertyType;

    /// <summary>A copy of <paramref name="resource"/> with <paramref name="status"/> (the record's own clone, then the init-only setter).</summary>
    public static CustomResource With(CustomResource resource, ResourceStatus? status)
    {
        var a = For(resource.GetType());
        if (status is not null && !a.Status.PropertyType.IsInstanceOfType(status))
            throw new ArgumentException($"{resource.Kind} takes a {a.Status.PropertyType.Name}, not a {status.GetType().Name}", nameof(status));
        var copy = (CustomResource)a.CloneMethod.Invoke(resource, null)!;
        a.Status.SetValue(copy, status);
        return copy;
    }

    private static Accessor For(Type t) => Cache.GetOrAdd(t, static t =>
    {
        var status = t.GetProperty("Status", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException($"{t.Name} has no Status property");
        if (!typeof(ResourceStatus).IsAssignableFrom(status.PropertyType))
            throw new ArgumentException($"{t.Name}.Status is not a ResourceStatus");
        var clone = t.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException($"{t.Name} is not a record");
        return new Accessor(status, clone);
    });
}
