using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Cli.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel) for url sources: serves the files put in it, answers a
/// chosen status for a path instead, 404 for anything else, and counts the requests for each path.
/// </summary>
public sealed class DataFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    private DataFileServer(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public string UrlOf(string path) => $"{BaseUrl}/{path}";

    /// <summary>Serves <paramref name="bytes"/> at /<paramref name="path"/>; returns its address.</summary>
    public string Serve(string path, byte[] bytes)
    {
        _files[path] = bytes;
        return UrlOf(path);
    }

    /// <summary>Answers <paramref name="status"/> (and no body) at /<paramref name="path"/>; returns its address.</summary>
    public string Fail(string path, int status)
    {
        _statuses[path] = status;
        return UrlOf(path);
    }

    public int RequestsFor(string path) => _requests.GetValueOrDefault(path);

    public int Requests => _requests.Values.Sum();

    public static async Task<DataFileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new DataFileServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (_statuses.TryGetValue(path, out var status))
        {
            context.Response.StatusCode = status;
            return;
        }
        if (!_files.TryGetValue(path, out var bytes))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
