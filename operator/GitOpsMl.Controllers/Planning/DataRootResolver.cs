using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Metadata;

namespace GitOpsMl.Controllers.Planning;

/// <summary>
/// Where an object's relative data paths resolve: the repository root `gitopsml apply` and `up` stamp
/// (annotation <see cref="GitOpsMlAnnotations.SourceRoot"/>) wins; else the operator's data root
/// (`gitopsml operator --data-root`, for objects applied with kubectl); else nowhere, and the Dataset
/// says so — the process's current directory is never guessed. The Dataset probe, the trainer and the
/// data file watcher share one resolver, so all three read the same file.
/// </summary>
public sealed class DataRootResolver(string? dataRoot = null)
{
    /// <summary>The data root used where the annotation is absent (null: none).</summary>
    public string? DataRoot { get; } = dataRoot is { Length: > 0 } ? dataRoot : null;

    public string? RootOf(CustomResource resource) =>
        resource.Metadata.Annotations?.GetValueOrDefault(GitOpsMlAnnotations.SourceRoot) is { Length: > 0 } root ? root : DataRoot;

    /// <summary>Why a Dataset has no root: what is missing and the two ways to give one.</summary>
    public static string MissingMessage(Dataset dataset) =>
        $"Dataset {dataset.Metadata.Name}: spec.source.path \"{dataset.Spec.Source.Path}\" has nothing to resolve against: " +
        $"annotation {GitOpsMlAnnotations.SourceRoot} is absent (`gitopsml apply` and `gitopsml up` set it; kubectl does not) " +
        "and the operator runs without --data-root; start it with `gitopsml operator --data-root DIR` (DIR holding the data) or set the annotation";
}
