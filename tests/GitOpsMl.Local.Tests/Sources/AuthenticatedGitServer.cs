using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Local.Tests.Sources;

/// <summary>
/// A real git smart-HTTP server for the tests: git's own <c>git-http-backend</c> run as CGI behind Kestrel on
/// 127.0.0.1, serving the repositories under <see cref="Root"/>, with the authentication a hosted git server
/// does: HTTP basic (one user and password) or a bearer token, and 401 with <c>WWW-Authenticate: Basic</c>
/// when the Authorization header is missing or wrong. It counts refused and served requests.
/// </summary>
public sealed class AuthenticatedGitServer : IAsyncDisposable
{
    public const string Backend = "/usr/lib/git-core/git-http-backend";

    /// <summary>Why the tests that need the server are skipped here, or null when git-http-backend is installed.</summary>
    public static string? MissingReason => File.Exists(Backend) ? null : $"{Backend} is not installed (Debian: apt-get install git): the authenticated git server tests need it";

    private readonly WebApplication _app;
    private int _refused;
    private int _served;

    private AuthenticatedGitServer(WebApplication app, string root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>The folder whose sub-folders are served as repositories (http://127.0.0.1:port/&lt;folder&gt;).</summary>
    public string Root { get; }

    public string BaseUrl => _app.Urls.First();
    public int Refused => Volatile.Read(ref _refused);
    public int Served => Volatile.Read(ref _served);
    public string Username { get; private init; } = "";
    public string Password { get; private init; } = "";
    public string BearerToken { get; private init; } = "";

    public string UrlOf(string repository) => $"{BaseUrl}/{repository}";

    public static async Task<AuthenticatedGitServer> StartAsync(string root, string username, string password, string bearerToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new AuthenticatedGitServer(app, root) { Username = username, Password = password, BearerToken = bearerToken };
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!Authorized(context.Request.Headers.Authorization.ToString()))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
            return;
        }
        Interlocked.Increment(ref _served);
        await RunBackendAsync(context);
    }

    private bool Authorized(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.Ordinal)) return header["Bearer ".Length..] == BearerToken;
        if (!header.StartsWith("Basic ", StringComparison.Ordinal)) return false;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])) == $"{Username}:{Password}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The request as CGI (RFC 3875): meta-variables in the environment, the body on stdin, headers then body on stdout.</summary>
    private async Task RunBackendAsync(HttpContext context)
    {
        var request = context.Request;
        var start = new ProcessStartInfo(Backend)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GIT_PROJECT_ROOT"] = Root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["REQUEST_METHOD"] = request.Method;
        start.Environment["PATH_INFO"] = request.Path.Value ?? "/";
        start.Environment["QUERY_STRING"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        start.Environment["REMOTE_USER"] = Username;
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        if (request.ContentLength is { } length) start.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (request.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding) start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        if (request.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol) start.Environment["GIT_PROTOCOL"] = protocol;

        using var backend = Process.Start(start)!;
        var body = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(backend.StandardInput.BaseStream);
            backend.StandardInput.Close();
        });
        var errors = backend.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        await backend.StandardOutput.BaseStream.CopyToAsync(output);
        await body;
        await backend.WaitForExitAsync();
        var bytes = output.ToArray();
        var end = IndexOf(bytes, "\r\n\r\n"u8, out var separator);
        if (end < 0) end = IndexOf(bytes, "\n\n"u8, out separator);
        if (end < 0) throw new InvalidOperationException($"git-http-backend wrote no CGI headers: {await errors}");
        foreach (var line in Encoding.ASCII.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':');
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            else context.Response.Headers.Append(name, value);
        }
        await context.Response.Body.WriteAsync(bytes.AsMemory(end + separator));
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> what, out int length)
    {
        length = what.Length;
        return bytes.AsSpan().IndexOf(what);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
