using System.Collections.Concurrent;
using GitOpsMl.Api.Common;

namespace GitOpsMl.Controllers.Reconcilers;

/// <summary>
/// Which front port each Deployment asks for: the port `up --port` names for the first Deployment,
/// the one its status URL already shows (so a restarted control plane keeps the URL users know),
/// else 0 (the executor picks a free one).
/// </summary>
public sealed class FrontPorts(int? firstPort = null)
{
    private readonly ConcurrentDictionary<ObjectKey, int> _assigned = new();
    private int _firstTaken;

    public int For(ObjectKey deployment, string? previousUrl) => _assigned.GetOrAdd(deployment, _ =>
    {
        if (previousUrl is not null && Uri.TryCreate(previousUrl, UriKind.Absolute, out var url) && url.Port > 0) return url.Port;
        return firstPort is { } port && Interlocked.Exchange(ref _firstTaken, 1) == 0 ? port : 0;
    });
}
