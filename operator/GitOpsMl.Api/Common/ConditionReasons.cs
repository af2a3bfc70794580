namespace GitOpsMl.Api.Common;

/// <summary>
/// Reasons a condition carries (metav1.Condition.reason: CamelCase, machine-readable). One list
/// for every kind so `kubectl wait`, describe and the CLI tree read the same words.
/// </summary>
public static class ConditionReasons
{
    /// <summary>The object is as its spec asks.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>Work is under way (validation, training, a rollout step).</summary>
    public const string Progressing = "Progressing";

    /// <summary>A transient error happened; the controller retries with backoff.</summary>
    public const string ProgressingWithRetry = "ProgressingWithRetry";

    /// <summary>A referenced object (a Dataset, a FeatureSet, a Model) is not Ready yet.</summary>
    public const string DependencyNotReady = "DependencyNotReady";

    /// <summary>A referenced object does not exist.</summary>
    public const string DependencyNotFound = "DependencyNotFound";

    /// <summary>The spec can never work as written (stalled until it changes).</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>The data does not match its declared schema or cannot be read.</summary>
    public const string InvalidData = "InvalidData";

    /// <summary>The data source (a path, a URL) cannot be found.</summary>
    public const string SourceNotFound = "SourceNotFound";

    /// <summary>The data (or the feature set) was read and checked against its schema.</summary>
    public const string Validated = "Validated";

    /// <summary>An object applied without the repository root its data paths resolve against.</summary>
    public const string NoSourceRoot = "NoSourceRoot";

    /// <summary>A failed training run is retried under its next attempt after a delay.</summary>
    public const string Retrying = "Retrying";

    /// <summary>Every attempt backoffLimit allows failed.</summary>
    public const string BackoffLimitExceeded = "BackoffLimitExceeded";

    public const string TrainingFailed = "TrainingFailed";
    public const string TrainingSucceeded = "TrainingSucceeded";
    public const string GatesPassed = "GatesPassed";
    public const string GatesFailed = "GatesFailed";
    public const string Promoted = "Promoted";
    public const string RolledBack = "RolledBack";
    public const string DriftDetected = "DriftDetected";
    public const string NoDrift = "NoDrift";
    public const string QualityBreached = "QualityBreached";

    /// <summary>A reconcile threw: a transient failure, retried with backoff.</summary>
    public const string ReconcileError = "ReconcileError";

    /// <summary>The object is being deleted; finalizers are running.</summary>
    public const string Deleting = "Deleting";

    /// <summary>A dependent condition of a derived Ready has not been reported yet.</summary>
    public const string NotObserved = "NotObserved";
}
