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

    /// <summary>The component named as the source of recorded Events (kubectl describe shows it).</summary>
    public string EventSource { get; init; } = "gitopsml-operator";

    /// <summary>How many times a counted Event is re-read and written again when another writer raced it.</summary>
    public int EventWriteAttempts { get; init; } = 5;
}
