using GitOpsMl.Api.Common;
using GitOpsMl.Controllers.Metadata;

namespace GitOpsMl.Controllers.Planning;

/// <summary>Where an object's data paths resolve: the repository root stamped when it was applied.</summary>
public static class DataRoots
{
    public static string? Of(CustomResource resource) =>
        resource.Metadata.Annotations?.GetValueOrDefault(GitOpsMlAnnotations.SourceRoot) is { Length: > 0 } root ? root : null;
}
