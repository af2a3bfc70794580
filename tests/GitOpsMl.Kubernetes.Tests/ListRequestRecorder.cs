using System.Net;
using System.Web;

namespace GitOpsMl.Kubernetes.Tests;

/// <summary>One list request as it went to the API server: its limit and continue parameters and the status it got.</summary>
public sealed record ListRequest(int? Limit, string? Continue, HttpStatusCode Status);

/// <summary>
/// Sits between a client and the real API server: records every list request (not watches) and runs
/// <see cref="BeforeFirstContinue"/> once, just before the first request that continues a list, so a test
/// can change the cluster between two pages of one list.
/// </summary>
public sealed class ListRequestRecorder : DelegatingHandler
{
    private readonly List<ListRequest> _requests = [];
    private int _continued;

    public Func<Task>? BeforeFirstContinue { get; init; }

    public IReadOnlyList<ListRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var query = HttpUtility.ParseQueryString(request.RequestUri?.Query ?? "");
        // A collection of a named group: apis/GROUP/VERSION[/namespaces/NS]/PLURAL, an even count of path segments.
        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isList = request.Method == HttpMethod.Get && query["watch"] is null or "false" && segments is ["apis", ..] && segments.Length % 2 == 0;
        var next = query["continue"];
        if (isList && next is not null && Interlocked.Exchange(ref _continued, 1) == 0 && BeforeFirstContinue is { } hook)
        {
            await hook();
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (isList)
        {
            lock (_requests)
            {
                _requests.Add(new ListRequest(int.TryParse(query["limit"], out var limit) ? limit : null, next, response.StatusCode));
            }
        }
        return response;
    }
}
