using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GitOpsMl.Api.Common;
using GitOpsMl.Api.Schema;
using GitOpsMl.Controllers.Store;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeWatchEventType = k8s.WatchEventType;

namespace GitOpsMl.Kubernetes;

/// <summary>
/// <see cref="IObjectStore"/> on a Kubernetes API server through the generic custom-objects API: the
/// server keeps resourceVersion, generation, the status subresource, finalizers and (with
/// kube-controller-manager's garbage collector) owner-reference cascading, so this class only maps
/// calls and errors. Objects travel as <see cref="ApiJson"/> JSON, so what the reconcilers write is
/// what kubectl shows. Events are core/v1 Events, counted like the SQLite store's.
/// </summary>
public sealed class KubernetesObjectStore(IKubernetes client, KubernetesStoreOptions? options = null, TimeProvider? time = null) : IObjectStore
{
    private const string GroupVersion = ApiGroup.ApiVersion;
    private const string FirstTimestampAnnotation = "gitopsml.io/first-timestamp";
    private const string LastTimestampAnnotation = "gitopsml.io/last-timestamp";

    private readonly TimeProvider _clock = time ?? TimeProvider.System;

    public KubernetesStoreOptions Options { get; } = options ?? new KubernetesStoreOptions();

    /// <summary>
    /// A store on the cluster of a kubeconfig, found as kubectl finds it: <paramref name="kubeconfig"/>, else
    /// $KUBECONFIG, else ~/.kube/config, else the in-cluster service account; its current context unless
    /// <paramref name="context"/> is given.
    /// </summary>
    public static (KubernetesObjectStore Store, k8s.Kubernetes Client) FromKubeconfig(string? kubeconfig, string? context,
        KubernetesStoreOptions? options = null, TimeProvider? time = null)
    {
        // Neither given: the usual search (KUBECONFIG, ~/.kube/config, else the in-cluster service account).
        // A context alone is looked up where kubectl looks: $KUBECONFIG (its first file: the client library
        // merges a list only in its default search), else ~/.kube/config.
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var config = kubeconfig is null && context is null
            ? KubernetesClientConfiguration.BuildDefaultConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig ?? fromEnvironment ?? KubernetesClientConfiguration.KubeConfigDefaultLocation, context);
        var kube = new k8s.Kubernetes(config);
        return (new KubernetesObjectStore(kube, options, time), kube);
    }

    // ---- reads ----

    public async Task<CustomResource?> GetAsync(ObjectKey key, CancellationToken ct = default)
    {
        var kind = KindOf(key.Kind, key);
        try
        {
            var element = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(
                ApiGroup.Group, ApiGroup.Version, key.Namespace, kind.Plural, key.Name, ct).ConfigureAwait(false);
            return Deserialize(kind, element);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (HttpOperationException e) when (Refusal(e, key) is { } refused)
        {
            throw refused;
        }
    }

    /// <summary>
    /// The kind's objects in pages of <see cref="KubernetesStoreOptions.ListPageSize"/> (see <see cref="ListPager"/>):
    /// one consistent snapshot, at the revision of its first page.
    /// </summary>
    public async Task<ObjectList> ListAsync(string kind, string? ns = null, CancellationToken ct = default)
    {
        var info = KindOf(kind, null);
        var scope = ns ?? Options.Namespace;
        var (items, resourceVersion) = await ListPager.ListAsync((limit, next, token) => Call(null, () => scope is null
            ? client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonElement>(ApiGroup.Group, ApiGroup.Version, info.Plural,
                continueParameter: next, limit: limit, cancellationToken: token)
            : client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(ApiGroup.Group, ApiGroup.Version, scope, info.Plural,
                continueParameter: next, limit: limit, cancellationToken: token)),
            Options.ListPageSize, ct).ConfigureAwait(false);
        // The list's own resourceVersion: the revision of the consistent read, where a watch continues without a gap.
        return new ObjectList(items.Select(i => Deserialize(info, i)).ToList(), ParseRevision(resourceVersion));
    }

    /// <summary>
    /// One watch per kind, reconnected from the last revision seen (object or bookmark) whenever the
    /// server ends a request (<see cref="KubernetesStoreOptions.WatchTimeout"/>). With no kind, the
    /// watches of every kind are merged: each kind's changes stay in revision order, but changes of two
    /// kinds may arrive out of order (the API server offers no watch across resources).
    /// </summary>
    public IAsyncEnumerable<WatchEvent> WatchAsync(string? kind, long fromRevision, CancellationToken ct = default) =>
        kind is not null
            ? WatchKindAsync(KindOf(kind, null), fromRevision, ct)
            : MergeAsync(KindRegistry.All.Select(k => WatchKindAsync(k, fromRevision, ct)).ToList(), ct);

    private async IAsyncEnumerable<WatchEvent> WatchKindAsync(KindRegistry.KindInfo kind, long fromRevision, [EnumeratorCancellation] CancellationToken ct)
    {
        var last = fromRevision;
        var timeoutSeconds = Math.Max(1, (int)Options.WatchTimeout.TotalSeconds);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            Exception? statusError = null;
            var events = Options.Namespace is null
                ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(ApiGroup.Group, ApiGroup.Version, kind.Plural,
                    allowWatchBookmarks: true, resourceVersion: last.ToString(CultureInfo.InvariantCulture), timeoutSeconds: timeoutSeconds,
                    onError: e => statusError ??= e, cancellationToken: ct)
                : client.CustomObjects.WatchListNamespacedCustomObjectAsync(ApiGroup.Group, ApiGroup.Version, Options.Namespace, kind.Plural,
                    allowWatchBookmarks: true, resourceVersion: last.ToString(CultureInfo.InvariantCulture), timeoutSeconds: timeoutSeconds,
                    onError: e => statusError ??= e, cancellationToken: ct);
            var enumerator = events.GetAsyncEnumerator(ct);
            try
            {
                while (true)
                {
                    (KubeWatchEventType Type, object Object) current;
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                        current = enumerator.Current;
                    }
                    catch (Exception e) when (EndedWithoutEvents(e))
                    {
                        // The request timed out before any change: reconnect from the same revision.
                        break;
                    }
                    catch (HttpOperationException e) when (Refusal(e, null) is { } refused)
                    {
                        throw refused;
                    }
                    if (statusError is not null)
                    {
                        throw WatchError(statusError, kind, last);
                    }
                    var element = (JsonElement)current.Object;
                    var revision = ParseRevision(element.GetProperty("metadata").GetProperty("resourceVersion").GetString());
                    if (current.Type == KubeWatchEventType.Bookmark)
                    {
                        last = revision;
                        continue;
                    }
                    var type = current.Type switch
                    {
                        KubeWatchEventType.Added => Controllers.Store.WatchEventType.Added,
                        KubeWatchEventType.Modified => Controllers.Store.WatchEventType.Modified,
                        KubeWatchEventType.Deleted => Controllers.Store.WatchEventType.Deleted,
                        _ => throw new InvalidOperationException($"watch of {kind.Plural}: unexpected event type {current.Type}"),
                    };
                    last = revision;
                    yield return new WatchEvent(type, Deserialize(kind, element), revision);
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            if (statusError is not null)
            {
                throw WatchError(statusError, kind, last);
            }
        }
    }

    // KubernetesClient reads the first line of a watch before it returns the stream: a request that ends
    // (timeoutSeconds) with no event at all surfaces as an end-of-stream error, not as an empty stream.
    private static bool EndedWithoutEvents(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is EndOfStreamException)
            {
                return true;
            }
        }
        return false;
    }

    private static Exception WatchError(Exception error, KindRegistry.KindInfo kind, long revision) => error switch
    {
        KubernetesException { Status.Code: 410 } gone => new StoreException(StoreErrorKind.Expired, null,
            $"watch of {kind.Plural} from revision {revision}: {gone.Status.Message} (list again)"),
        KubernetesException k => new StoreException(StoreErrorKind.Invalid, null,
            $"watch of {kind.Plural} from revision {revision} refused: {k.Status?.Code} {k.Status?.Reason}: {k.Status?.Message}"),
        _ => new IOException($"watch of {kind.Plural} from revision {revision}: {error.Message}", error),
    };

    private static async IAsyncEnumerable<WatchEvent> MergeAsync(IReadOnlyList<IAsyncEnumerable<WatchEvent>> sources, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(256) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pumps = sources.Select(s => PumpAsync(s, channel.Writer, stop.Token)).ToList();
        _ = Task.WhenAll(pumps).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    // The first watch to fail ends the merged one with its error (the others are then stopped).
    private static async Task PumpAsync(IAsyncEnumerable<WatchEvent> source, ChannelWriter<WatchEvent> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var e in source.WithCancellation(ct).ConfigureAwait(false))
            {
                await writer.WriteAsync(e, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    // ---- writes ----

    public async Task<CustomResource> CreateAsync(CustomResource resource, CancellationToken ct = default)
    {
        var (key, kind) = Validate(resource);
        if (!string.IsNullOrEmpty(resource.Metadata.ResourceVersion))
        {
            throw new StoreException(StoreErrorKind.Invalid, key, $"{key}: metadata.resourceVersion must be empty on create");
        }
        var body = ToNode(resource, key);
        // Status is a subresource: the server drops it on create anyway; not sending it keeps that explicit.
        body.Remove("status");
        var created = await Call(key, () => client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(
            body, ApiGroup.Group, ApiGroup.Version, key.Namespace, kind.Plural, cancellationToken: ct)).ConfigureAwait(false);
        return Deserialize(kind, created);
    }

    public async Task<CustomResource> UpdateAsync(CustomResource resource, CancellationToken ct = default)
    {
        var (key, kind) = Validate(resource);
        RequireVersion(resource, key);
        var body = ToNode(resource, key);
        var replaced = await Call(key, () => client.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonElement>(
            body, ApiGroup.Group, ApiGroup.Version, key.Namespace, kind.Plural, key.Name, cancellationToken: ct)).ConfigureAwait(false);
        return Deserialize(kind, replaced);
    }

    public async Task<CustomResource> UpdateStatusAsync(CustomResource resource, CancellationToken ct = default)
    {
        var (key, kind) = Validate(resource);
        RequireVersion(resource, key);
        var body = ToNode(resource, key);
        var replaced = await Call(key, () => client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<JsonElement>(
            body, ApiGroup.Group, ApiGroup.Version, key.Namespace, kind.Plural, key.Name, cancellationToken: ct)).ConfigureAwait(false);
        return Deserialize(kind, replaced);
    }

    public async Task DeleteAsync(ObjectKey key, CancellationToken ct = default)
    {
        var kind = KindOf(key.Kind, key);
        // Background: the object goes now, the garbage collector deletes what it owned (as the SQLite store does in one transaction).
        var options = new V1DeleteOptions { PropagationPolicy = "Background" };
        await Call(key, () => client.CustomObjects.DeleteNamespacedCustomObjectAsync<JsonElement>(
            ApiGroup.Group, ApiGroup.Version, key.Namespace, kind.Plural, key.Name, options, cancellationToken: ct)).ConfigureAwait(false);
    }

    // ---- events ----

    /// <summary>
    /// One core/v1 Event per (object, reason, message), named by <see cref="EventNames"/>: a repeat adds
    /// its count and moves lastTimestamp (and the type), as the SQLite store's upsert does. The Event
    /// names the object's uid and is owned by it, so it goes when the object goes (garbage collector).
    /// Exact timestamps ride in annotations: core/v1 Event timestamps have whole seconds only.
    /// </summary>
    public async Task RecordEventAsync(ObjectEvent e, CancellationToken ct = default)
    {
        var kind = KindOf(e.Involved.Kind, e.Involved);
        var involved = await GetAsync(e.Involved, ct).ConfigureAwait(false);
        var uid = involved?.Metadata.Uid;
        var now = _clock.GetUtcNow();
        var first = e.FirstTimestamp == default ? now : e.FirstTimestamp;
        var last = e.LastTimestamp == default ? first : e.LastTimestamp;
        var name = EventNames.For(e.Involved, uid, e.Reason, e.Message);
        var ns = e.Involved.Namespace;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var existing = await ReadEventAsync(ns, name, ct).ConfigureAwait(false);
                if (existing is null)
                {
                    await client.CoreV1.CreateNamespacedEventAsync(NewEvent(e, kind, uid, name, first, last), ns, cancellationToken: ct).ConfigureAwait(false);
                }
                else
                {
                    existing.Count = (existing.Count ?? 1) + Math.Max(1, e.Count);
                    existing.LastTimestamp = last.UtcDateTime;
                    existing.Type = e.Type.ToString();
                    existing.Metadata.Annotations ??= new Dictionary<string, string>();
                    existing.Metadata.Annotations[LastTimestampAnnotation] = Timestamp(last);
                    await client.CoreV1.ReplaceNamespacedEventAsync(existing, name, ns, cancellationToken: ct).ConfigureAwait(false);
                }
                return;
            }
            catch (HttpOperationException x) when (attempt < Options.EventWriteAttempts
                && x.Response?.StatusCode is System.Net.HttpStatusCode.Conflict)
            {
                // Another writer counted the same event between our read and write (or created it): read again.
            }
            catch (HttpOperationException x) when (Refusal(x, e.Involved) is { } refused)
            {
                throw refused;
            }
        }
    }

    private async Task<Corev1Event?> ReadEventAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedEventAsync(name, ns, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Corev1Event NewEvent(ObjectEvent e, KindRegistry.KindInfo kind, string? uid, string name, DateTimeOffset first, DateTimeOffset last) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = e.Involved.Namespace,
            Annotations = new Dictionary<string, string>
            {
                [FirstTimestampAnnotation] = Timestamp(first),
                [LastTimestampAnnotation] = Timestamp(last),
            },
            OwnerReferences = uid is null ? null : [new V1OwnerReference { ApiVersion = GroupVersion, Kind = kind.Kind, Name = e.Involved.Name, Uid = uid }],
        },
        InvolvedObject = new V1ObjectReference
        {
            ApiVersion = GroupVersion,
            Kind = kind.Kind,
            Name = e.Involved.Name,
            NamespaceProperty = e.Involved.Namespace,
            Uid = uid,
        },
        Reason = e.Reason,
        Message = e.Message,
        Type = e.Type.ToString(),
        Count = Math.Max(1, e.Count),
        FirstTimestamp = first.UtcDateTime,
        LastTimestamp = last.UtcDateTime,
        Source = new V1EventSource { Component = Options.EventSource },
    };

    /// <summary>The Events of the object as it exists now (by uid: those of a deleted namesake are not its), oldest last-seen first.</summary>
    public async Task<IReadOnlyList<ObjectEvent>> ListEventsAsync(ObjectKey involved, CancellationToken ct = default)
    {
        var current = await GetAsync(involved, ct).ConfigureAwait(false);
        if (current?.Metadata.Uid is not { } uid)
        {
            return [];
        }
        var selector = $"involvedObject.kind={involved.Kind},involvedObject.name={involved.Name},involvedObject.uid={uid}";
        var list = await Call(involved, () => client.CoreV1.ListNamespacedEventAsync(involved.Namespace, fieldSelector: selector, cancellationToken: ct))
            .ConfigureAwait(false);
        return list.Items
            .Where(ev => ev.InvolvedObject?.ApiVersion == GroupVersion)
            .Select(ev => new ObjectEvent(involved, ev.Type == nameof(EventSeverity.Warning) ? EventSeverity.Warning : EventSeverity.Normal, ev.Reason ?? "", ev.Message ?? "")
            {
                FirstTimestamp = Exact(ev, FirstTimestampAnnotation, ev.FirstTimestamp),
                LastTimestamp = Exact(ev, LastTimestampAnnotation, ev.LastTimestamp),
                Count = ev.Count ?? 1,
            })
            .OrderBy(ev => ev.LastTimestamp).ThenBy(ev => ev.FirstTimestamp)
            .ToList();
    }

    private static DateTimeOffset Exact(Corev1Event ev, string annotation, DateTime? fallback) =>
        ev.Metadata?.Annotations?.TryGetValue(annotation, out var text) == true
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var exact)
            ? exact
            : fallback is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)) : default;

    private static string Timestamp(DateTimeOffset t) => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    // ---- plumbing ----

    private static async Task<T> Call<T>(ObjectKey? key, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (Refusal(e, key) is { } refused)
        {
            throw refused;
        }
    }

    private static StoreException? Refusal(HttpOperationException e, ObjectKey? key) =>
        e.Response is null ? null : ServerRefusal.ToStoreException((int)e.Response.StatusCode, e.Response.Content, key);

    private static KindRegistry.KindInfo KindOf(string kind, ObjectKey? key) =>
        KindRegistry.Find(kind) ?? throw new StoreException(StoreErrorKind.Invalid, key, $"unknown kind '{kind}'");

    private static (ObjectKey Key, KindRegistry.KindInfo Kind) Validate(CustomResource resource)
    {
        var key = ObjectKey.Of(resource);
        var kind = KindOf(resource.Kind, key);
        if (string.IsNullOrEmpty(resource.Metadata.Name))
        {
            throw new StoreException(StoreErrorKind.Invalid, key, $"{resource.Kind}: metadata.name is required");
        }
        return (key, kind);
    }

    // The API server takes a write without resourceVersion as unconditional; the store's contract refuses it.
    private static void RequireVersion(CustomResource resource, ObjectKey key)
    {
        if (string.IsNullOrEmpty(resource.Metadata.ResourceVersion))
        {
            throw new StoreException(StoreErrorKind.Invalid, key, $"{key}: metadata.resourceVersion must be set on update (read the object first)");
        }
    }

    private static JsonObject ToNode(CustomResource resource, ObjectKey key)
    {
        var node = JsonSerializer.SerializeToNode(resource, resource.GetType(), ApiJson.Options)!.AsObject();
        node["metadata"]!.AsObject()["namespace"] = key.Namespace;
        return node;
    }

    private static CustomResource Deserialize(KindRegistry.KindInfo kind, JsonElement element) =>
        (CustomResource)element.Deserialize(kind.ClrType, ApiJson.Options)!;

    private static long ParseRevision(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            // Opaque by the API's contract, but etcd's revision on every server this was tested on (v1.34).
            : throw new InvalidOperationException($"resourceVersion '{resourceVersion}' is not a number: this store needs an etcd-backed API server");
}
