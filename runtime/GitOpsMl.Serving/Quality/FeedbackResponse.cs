namespace GitOpsMl.Serving.Quality;

/// <summary>
/// Labels joined to predictions (<see cref="Accepted"/> rows), ids the server no longer (or never)
/// knew, ids whose rows were labelled before, and the live quality of every version that got labels.
/// </summary>
public sealed record FeedbackResponse(
    int Accepted,
    IReadOnlyList<string> UnknownIds,
    IReadOnlyList<string> AlreadyLabeled,
    IReadOnlyDictionary<string, QualityStats> Quality);
