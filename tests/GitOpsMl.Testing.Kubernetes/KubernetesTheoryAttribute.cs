namespace GitOpsMl.Testing.Kubernetes;

/// <summary>A theory that needs a real control plane: skipped, with how to get the binaries, where they are absent.</summary>
public sealed class KubernetesTheoryAttribute : TheoryAttribute
{
    public KubernetesTheoryAttribute()
    {
        Skip = KubernetesAssets.MissingReason;
    }
}
