namespace GitOpsMl.Serving.Protocol;

/// <summary>A refused request: HTTP status, a message, and where known the input at fault and what was expected.</summary>
public sealed record RequestError(int Status, string Error, string? Input = null, string? Expected = null)
{
    /// <summary>nginx's "client closed request": recorded in metrics, nothing is written.</summary>
    public const int ClientClosedStatus = 499;

    public static readonly RequestError ClientClosed = new(ClientClosedStatus, "client closed the request");

    public static RequestError BadRequest(string error, string? input = null, string? expected = null) => new(400, error, input, expected);
}
