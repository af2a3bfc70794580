using GitOpsMl.Testing.Kubernetes;

namespace GitOpsMl.Testing.Store;

/// <summary>A test of <see cref="ObjectStoreContract"/> or <see cref="ControllerOnStoreContract"/> on a real control plane: skipped, with how to get the binaries, where they are absent.</summary>
public sealed class ContractFactAttribute : FactAttribute
{
    public ContractFactAttribute()
    {
        Skip = KubernetesAssets.MissingReason;
    }
}
