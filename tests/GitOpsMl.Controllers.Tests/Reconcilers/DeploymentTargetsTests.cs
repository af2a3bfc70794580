using GitOpsMl.Api.Common;
using GitOpsMl.Api.Kinds;
using GitOpsMl.Controllers.Reconcilers;

namespace GitOpsMl.Controllers.Tests.Reconcilers;

public sealed class DeploymentTargetsTests
{
    private static ModelVersion Version(int n, ModelVersionPhase phase) => new()
    {
        Metadata = new ObjectMeta { Name = $"churn-{n}" },
        Spec = new ModelVersionSpec { Version = n },
        Status = new ModelVersionStatus { Phase = phase },
    };

    private static readonly IReadOnlyList<ModelVersion> Versions =
        [Version(1, ModelVersionPhase.Approved), Version(2, ModelVersionPhase.Approved), Version(3, ModelVersionPhase.Rejected)];

    private static Deployment Deployment(VersionSelector? selector = null) => new() { Spec = new DeploymentSpec { Version = selector } };

    private static readonly MonitorSignal Hold = new("churn", BlocksPromotion: true, RollsBack: false, "Monitor churn: drifting");

    [Fact]
    public void The_target_is_the_latest_approved_version_never_a_rejected_one() =>
        Assert.Equal("v2", DeploymentTargets.Choose(Deployment(), Versions, [], "v1", null));

    [Fact]
    public void A_pinned_version_is_the_target_whatever_is_newer() =>
        Assert.Equal("v1", DeploymentTargets.Choose(Deployment(new VersionSelector { Policy = VersionPolicy.Pinned, Pinned = 1 }), Versions, [], "v2", null));

    [Fact]
    public void A_monitor_holding_promotion_keeps_the_serving_version() =>
        Assert.Equal("v1", DeploymentTargets.Choose(Deployment(), Versions, [Hold], "v1", null));

    [Fact]
    public void A_monitor_holding_promotion_leaves_a_running_canary_to_analysis() =>
        Assert.Equal("v2", DeploymentTargets.Choose(Deployment(), Versions, [Hold], "v1", "v2"));

    [Fact]
    public void Rolling_back_a_promoted_version_goes_to_the_newest_older_approved_one_not_already_aborted()
    {
        Assert.Equal("v1", DeploymentTargets.PreviousServable(Versions, "v2", null));
        Assert.Null(DeploymentTargets.PreviousServable(Versions, "v2", "v1"));
        Assert.Null(DeploymentTargets.PreviousServable(Versions, "v1", null));
    }
}
