namespace GitOpsMl.Controllers.Planning;

/// <summary>The one side effect a TrainingJob reconcile asks for.</summary>
public abstract record TrainingJobAction
{
    private TrainingJobAction() { }

    public sealed record None : TrainingJobAction;

    public sealed record StartRun(string RunName, int Attempt) : TrainingJobAction;

    /// <summary>Stop a run: past its timeout (reason TrainingTimedOut) or superseded by a new run key (TrainingSuperseded).</summary>
    public sealed record CancelRun(string RunName, string Reason, string Why) : TrainingJobAction;

    /// <summary>Register the finished run's bundle as ModelVersion <paramref name="ModelVersionName"/>.</summary>
    public sealed record Register(string RunName, string BundlePath, string ModelVersionName) : TrainingJobAction;
}
