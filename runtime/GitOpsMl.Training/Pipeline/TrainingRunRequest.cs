namespace GitOpsMl.Training.Pipeline;

/// <param name="Inputs">The job and the objects it references, already validated.</param>
/// <param name="DataPath">Absolute path of the dataset source file.</param>
/// <param name="OutputDirectory">Where the bundle folder is created (atomically).</param>
/// <param name="Device">auto, cpu or cuda; overrides the job's spec.device when given.</param>
/// <param name="GitCommit">Commit the manifests came from, when known.</param>
public sealed record TrainingRunRequest(
    TrainingInputs Inputs,
    string DataPath,
    string OutputDirectory,
    string? Device = null,
    string? GitCommit = null,
    Action<TrainingEvent>? Progress = null);
