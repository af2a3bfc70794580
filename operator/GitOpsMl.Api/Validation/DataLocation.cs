namespace GitOpsMl.Api.Validation;

/// <summary>Where a Dataset's data was found, as messages name it, or why it was not (<see cref="Problem"/>, reported at the source field).</summary>
public sealed record DataLocation(string Display, string? Problem = null);
