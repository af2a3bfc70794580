namespace GitOpsMl.Controllers.Metadata;

/// <summary>Labels the control plane stamps on objects it creates, so they can be listed by owner.</summary>
public static class GitOpsMlLabels
{
    public const string Model = "gitopsml.io/model";
    public const string TrainingJob = "gitopsml.io/training-job";
    public const string Run = "gitopsml.io/run";

    /// <summary>The GitSource that applied the object (name and namespace): it prunes only objects carrying both.</summary>
    public const string GitSourceName = "gitopsml.io/gitsource-name";
    public const string GitSourceNamespace = "gitopsml.io/gitsource-namespace";
}
