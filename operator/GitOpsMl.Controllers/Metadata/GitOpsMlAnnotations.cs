namespace GitOpsMl.Controllers.Metadata;

/// <summary>Annotations the control plane reads or stamps; one place for their spelling.</summary>
public static class GitOpsMlAnnotations
{
    /// <summary>The repository root the object's manifest came from: data paths resolve against it (local backend).</summary>
    public const string SourceRoot = "gitopsml.io/source-root";

    /// <summary>The manifest file the object was applied from (for describe and error messages).</summary>
    public const string SourceFile = "gitopsml.io/source-file";

    /// <summary>The git commit the object came from; flows into every model version's lineage.</summary>
    public const string Commit = "gitopsml.io/commit";

    /// <summary>Set on a TrainingJob by a Monitor's retrain action: a new value makes a new run on the same data and spec.</summary>
    public const string RetrainRequested = "gitopsml.io/retrain-requested";
}
