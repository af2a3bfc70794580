using System.Text.Json;

namespace GitOpsMl.Serving.Quality;

/// <summary>
/// The true outcome of a request answered earlier: <c>label</c> for a one-row request, or
/// <c>labels</c> (one per row) for a request with several rows. Classifiers take the class name
/// (a string; booleans and numbers are read as their JSON text); regression takes a number.
/// </summary>
public sealed record FeedbackItem(string? Id, JsonElement? Label, IReadOnlyList<JsonElement>? Labels);
