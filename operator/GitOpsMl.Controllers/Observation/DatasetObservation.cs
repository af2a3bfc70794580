namespace GitOpsMl.Controllers.Observation;

/// <summary>
/// What reading a Dataset's source found. A failure carries a reason constant and whether it is
/// permanent (bad path, schema violation: only a spec or file change can fix it) or transient.
/// </summary>
public sealed record DatasetObservation
{
    public string? Sha256 { get; init; }
    public long? Rows { get; init; }
    public long? InvalidRows { get; init; }
    /// <summary>The data file the source resolved to, for watching it.</summary>
    public string? ResolvedPath { get; init; }
    public string? FailureReason { get; init; }
    public string? Message { get; init; }
    public bool Permanent { get; init; }

    public bool Ok => FailureReason is null;

    public static DatasetObservation Read(string sha256, long rows, long invalidRows, string path) =>
        new() { Sha256 = sha256, Rows = rows, InvalidRows = invalidRows, ResolvedPath = path };

    public static DatasetObservation Failed(string reason, string message, bool permanent, string? path = null) =>
        new() { FailureReason = reason, Message = message, Permanent = permanent, ResolvedPath = path };
}
