using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOpsMl.Serving.Models;
using GitOpsMl.Serving.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Tests.Support;

/// <summary>The real server (ServingHost.CreateBuilder) on TestServer, or on Kestrel at 127.0.0.1:0.</summary>
public sealed class TestServing : IAsyncDisposable
{
    private TestServing(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public ModelRepository Repository => App.Services.GetRequiredService<ModelRepository>();

    public static ServingOptions Options(params string[] bundles) => new()
    {
        Bundles = bundles.Select(b => new BundleSource(null, b)).ToArray(),
        Port = 0,
        Host = "127.0.0.1",
        RoutingPollInterval = TimeSpan.FromMilliseconds(20),
    };

    public static async Task<TestServing> StartAsync(ServingOptions options, bool kestrel = false, bool waitForLoad = true, LogCapture? logs = null)
    {
        var builder = ServingHost.CreateBuilder(options);
        if (!kestrel) builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (logs is not null) builder.Logging.AddProvider(logs);
        var app = ServingHost.Build(builder);
        await app.StartAsync();
        HttpClient client;
        if (kestrel)
        {
            client = new HttpClient { BaseAddress = new Uri(ServingHost.Addresses(app).First()) };
        }
        else
        {
            client = app.GetTestClient();
        }
        var serving = new TestServing(app, client);
        if (waitForLoad) await serving.Repository.InitialLoad.WaitAsync(TimeSpan.FromSeconds(30));
        return serving;
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string body, string? requestId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (requestId is not null) request.Headers.Add("x-request-id", requestId);
        return Client.SendAsync(request);
    }

    public async Task<(HttpResponseMessage Response, JsonElement Json)> PostAsync(string path, string body, string? requestId = null)
    {
        var response = await PostJsonAsync(path, body, requestId);
        return (response, await ReadJson(response));
    }

    public async Task<(HttpResponseMessage Response, JsonElement Json)> GetAsync(string path)
    {
        var response = await Client.GetAsync(path);
        return (response, await ReadJson(response));
    }

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType is { MediaType: not "application/json" } && !text.StartsWith('{')) return default;
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : null;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await App.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await App.DisposeAsync();
    }
}
