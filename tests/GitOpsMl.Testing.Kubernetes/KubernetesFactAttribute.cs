namespace GitOpsMl.Testing.Kubernetes;

/// <summary>A fact that needs a real control plane: skipped, with how to get the binaries, where they are absent.</summary>
public sealed class KubernetesFactAttribute : FactAttribute
{
    public KubernetesFactAttribute()
    {
        Skip = KubernetesAssets.MissingReason;
    }

    /// <summary>Also needs kubectl (on PATH, or GITOPSML_KUBECTL); skipped with a message where it is absent.</summary>
    public bool NeedsKubectl
    {
        get => false;
        init { if (value && Skip is null) Skip = Kubectl.MissingReason; }
    }
}
