using GitOpsMl.Api.Schema;

namespace GitOpsMl.Api.Common;

/// <summary>Common shape of every GitOpsMl kind: spec is the user's, status the operator's.</summary>
public abstract record CustomResource
{
    public string ApiVersion { get; init; } = Common.ApiGroup.ApiVersion;
    public abstract string Kind { get; init; }
    public ObjectMeta Metadata { get; init; } = new();

    /// <summary>The status, whatever the kind (null before the operator first wrote one).</summary>
    public abstract ResourceStatus? GetStatus();

    /// <summary>A copy carrying <paramref name="status"/> (of this kind's status type).</summary>
    public abstract CustomResource WithStatus(ResourceStatus? status);

    /// <summary>The status, or an empty one of this kind's status type before the operator first wrote one.</summary>
    public abstract ResourceStatus GetOrNewStatus();
}

public abstract record CustomResource<TSpec, TStatus> : CustomResource
    where TSpec : new()
    where TStatus : ResourceStatus, new()
{
    [Required]
    public TSpec Spec { get; init; } = new();
    public TStatus? Status { get; init; }

    public sealed override ResourceStatus? GetStatus() => Status;

    public sealed override CustomResource WithStatus(ResourceStatus? status) => status is null or TStatus
        ? this with { Status = (TStatus?)status }
        : throw new ArgumentException($"{Kind} takes a {typeof(TStatus).Name}, not a {status.GetType().Name}", nameof(status));

    public sealed override ResourceStatus GetOrNewStatus() => Status ?? new TStatus();
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
