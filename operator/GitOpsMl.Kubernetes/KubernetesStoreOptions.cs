namespace GitOpsMl.Kubernetes;

/// <summary>How the cluster store talks to the API server.</summary>
public sealed record KubernetesStoreOptions
{
    /// <summary>Lists and watches without a namespace stay in this one (the operator's watch scope); null: all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// How long one watch request lasts before the server ends it and the store reconnects from the last
    /// revision seen (events or bookmarks). Shorter than any proxy's idle timeout.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many objects one list request asks for (its <c>limit</c>); the rest follow with <c>continue</c>
    /// tokens, as client-go's reflector pages (500 is its default too): a re-list of thousands of objects
    /// is then many small responses, not one the server must build and the store hold at once. 0: one unpaged request.
    /// </summary>
    public int ListPageSize
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ListPageSize), value, "a list page size is 0 (unpaged) or more");
    } = 500;

    /// <summary>The component named as the source of recorded Events (kubectl describe shows it).</summary>
    public string EventSource { get; init; } = "gitopsml-operator";

    /// <summary>How many times a counted Event is re-read and written again when another writer raced it.</summary>
    public int EventWriteAttempts { get; init; } = 5;
}
