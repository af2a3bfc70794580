using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Planning;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// Which version a Deployment should serve: the pinned one, or the Model's latest Approved; a
/// Monitor that blocks promotion holds the Deployment on what it serves (a canary already running is left to analysis).
/// </summary>
public static class DeploymentTargets
{
    public static string? Choose(Deployment deployment, IReadOnlyList<ModelVersion> versions, IReadOnlyList<MonitorSignal> verdicts, string? serving, string? canary)
    {
        string? wanted = deployment.Spec.Version?.Policy == VersionPolicy.Pinned && deployment.Spec.Version.Pinned is { } pinned
            ? versions.Any(v => v.Spec.Version == pinned && v.Status?.Phase != ModelVersionPhase.Retired) ? VersionNames.Of(pinned) : null
            : versions.LastOrDefault(v => v.Status?.Phase == ModelVersionPhase.Approved) is { } approved ? VersionNames.Of(approved.Spec.Version) : null;
        // Holding back applies to versions not yet rolling out: a running canary stays the target so that
        // analysis judges it (and aborts it, recording why), rather than vanishing without a word.
        if (serving is not null && wanted != serving && wanted != canary && verdicts.Any(v => v.BlocksPromotion)) return serving;
        return wanted;
    }

    /// <summary>The newest approved version older than <paramref name="stable"/> (and not the one already aborted), for rolling back a promoted version.</summary>
    public static string? PreviousServable(IReadOnlyList<ModelVersion> versions, string stable, string? aborted)
    {
        var current = VersionNames.Parse(stable);
        return versions.Where(v => v.Spec.Version < current && v.Status?.Phase == ModelVersionPhase.Approved && VersionNames.Of(v.Spec.Version) != aborted)
            .Select(v => VersionNames.Of(v.Spec.Version)).LastOrDefault();
    }
}
