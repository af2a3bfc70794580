namespace GitOpsMl.Serving.Quality;

/// <summary>POST /v2/models/{name}/feedback: <c>{"feedback": [{"id": "request id", "label": "true"}, ...]}</c>.</summary>
public sealed record FeedbackRequest(IReadOnlyList<FeedbackItem>? Feedback);
