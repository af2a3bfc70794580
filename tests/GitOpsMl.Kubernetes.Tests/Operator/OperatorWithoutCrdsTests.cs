using GitOpsMl.Api.Failures;
using GitOpsMl.Testing.Kubernetes;

namespace GitOpsMl.Kubernetes.Tests.Operator;

/// <summary>
/// `gitopsml operator` pointed at a cluster that has never had the CRDs: a control plane of its own
/// (the shared one has them installed), in the cluster collection so the two never start at once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OperatorWithoutCrdsTests(KubernetesControlPlane bare) : IClassFixture<KubernetesControlPlane>
{
    [KubernetesFact]
    public async Task The_operator_refuses_to_start_naming_the_missing_kinds_and_the_command_that_installs_them()
    {
        using var workspace = new OperatorWorkspace();
        await using var op = OperatorProcess.Start(workspace.WorkingDirectory, "--kubeconfig", bare.KubeconfigPath, "--state", workspace.State);
        await op.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(FailureExitCodes.Usage, op.ExitCode);
        Assert.Contains("datasets.gitopsml.io", op.Output);
        Assert.Contains("kubectl apply -f crds/", op.Output);
        Assert.False(Directory.Exists(workspace.State), "nothing is started, so no state is written");
    }
}
