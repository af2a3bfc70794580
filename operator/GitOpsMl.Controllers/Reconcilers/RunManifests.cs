using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// The objects a training run gets, as a user would have committed them: spec and identity only,
/// never status or server-set metadata, so the trainer validates exactly what git holds.
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
            },
        };
}
