using GitOpsMl.Api.Common;

namespace GitOpsMl.Api.Failures;

/// <summary>
/// The one failure type of a run: a <see cref="FailureKind"/> that decides what happens next, a
/// machine-readable <see cref="Reason"/> (PascalCase, stable: it becomes a condition reason), and
/// where it can be told, the object and field at fault. Thrown where the problem is found, so
/// nothing downstream has to guess a meaning from an exception type.
/// </summary>
public class GitOpsMlFailure : Exception
{
    public GitOpsMlFailure(FailureKind kind, string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        Kind = kind;
        Reason = reason;
    }

    public FailureKind Kind { get; }

    /// <summary>Machine-readable cause, e.g. <c>ClassWeightsNeedClassification</c> or <c>Sha256Mismatch</c>.</summary>
    public string Reason { get; }

    /// <summary>The object at fault, when known.</summary>
    public ObjectKey? Object { get; private set; }

    /// <summary>The field path within <see cref="Object"/> (e.g. <c>spec.hyperparameters.classWeights</c>), when known.</summary>
    public string? Field { get; private set; }

    /// <summary>
    /// Names the object at fault, unless a deeper layer already named one. Returns the same exception, so a layer
    /// that knows the object can add it and rethrow with <c>throw;</c>, keeping the original stack.
    /// </summary>
    public GitOpsMlFailure Concerning(ObjectKey key, string? field = null)
    {
        if (Object is null)
        {
            Object = key;
            Field ??= field;
        }
        return this;
    }

    /// <summary>Sets the field path at fault (the object may follow from an outer layer).</summary>
    public GitOpsMlFailure AtField(string field)
    {
        Field ??= field;
        return this;
    }

    /// <summary>A spec refusal: one of the rules a run refuses on, each also caught by validate.</summary>
    public static GitOpsMlFailure InvalidSpec(SpecRefusal reason, string message) =>
        new(FailureKind.InvalidSpec, reason.ToString(), message);

    public static GitOpsMlFailure InvalidData(string reason, string message) => new(FailureKind.InvalidData, reason, message);
}
