namespace GitOpsMl.Api.Validation;

/// <summary>
/// What the validator may ask of the world outside the manifests. The API project does no I/O,
/// so the CLI passes these in; a null member skips the check it serves.
/// </summary>
public sealed record ValidationContext
{
    /// <summary>
    /// Where a Dataset's data is (source.path or source.url), given the manifest file that names it: the file or
    /// address as messages name it, or why it cannot be had (no such file, a download refused).
    /// </summary>
    public Func<string, Kinds.Dataset, DataLocation>? LocateData { get; init; }

    /// <summary>
    /// What reading a Dataset's header and first rows found wrong, given the manifest file that holds it;
    /// asked only for a Dataset whose data was located (so only when <see cref="LocateData"/> is set).
    /// </summary>
    public Func<string, Kinds.Dataset, IReadOnlyList<DataFinding>>? SampleData { get; init; }

    /// <summary>
    /// How many rows a Dataset's data holds (CSV records, Parquet rows), given the manifest file that holds it; null
    /// when it cannot be told. Asked once per Dataset a TrainingJob trains on, when its data was located and its
    /// sample found no error, to warn about a run with too few optimizer steps before the run.
    /// </summary>
    public Func<string, Kinds.Dataset, long?>? CountDataRows { get; init; }
}
