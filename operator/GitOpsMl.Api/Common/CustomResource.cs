using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Common;

/// <summary>Common shape of every GitOpsMl kind: spec is the user's, status the operator's.</summary>
public abstract record CustomResource
{
    public string ApiVersion { get; init; } = Common.ApiGroup.ApiVersion;
    public abstract string Kind { get; init; }
    public ObjectMeta Metadata { get; init; } = new();
}

public abstract record CustomResource<TSpec, TStatus> : CustomResource
    where TSpec : new()
    where TStatus : ResourceStatus, new()
{
    [Required]
    public TSpec Spec { get; init; } = new();
    public TStatus? Status { get; init; }
}

/// <summary>Fields every status carries.</summary>
public abstract record ResourceStatus
{
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; init; }

    [ListMapKey("type")]
    [Description("Conditions shaped like metav1.Condition; Ready summarises the object.")]
    public List<Condition>? Conditions { get; init; }
}
