using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// The objects a training run gets, as a user would have committed them: spec and identity only,
/// never status or server-set metadata, so the trainer validates exactly what git holds. The commit
/// the object was applied from goes along: the trainer records it in the bundle's lineage rather than
/// the HEAD of whatever repository holds the state folder (with a GitSource, another repository).
/// </summary>
public static class RunManifests
{
    public static CustomResource Of(CustomResource resource) =>
        resource.WithStatus(null) with
        {
            Metadata = new ObjectMeta
            {
                Name = resource.Metadata.Name,
                Namespace = resource.Metadata.Namespace,
                Labels = resource.Metadata.Labels,
                Annotations = resource.Metadata.Annotations?.GetValueOrDefault(ApiGroup.CommitAnnotation) is { Length: > 0 } commit
                    ? new Dictionary<string, string> { [ApiGroup.CommitAnnotation] = commit }
                    : null,
            },
        };
}
