using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitOpsMl.Serving.Endpoints;

/// <summary>
/// POST /_bench/fixed?bytes=N (only with BenchmarkRoutes): reads the body like infer does and
/// answers a fixed JSON body of N bytes — the HTTP ceiling the benchmark compares inference with.
/// </summary>
public static class BenchmarkEndpoints
{
    private static readonly ConcurrentDictionary<int, byte[]> Bodies = new();

    public static IEndpointRouteBuilder MapBenchmarkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_bench/fixed", FixedAsync).WithTags("benchmark");
        return app;
    }

    public static async Task FixedAsync(HttpContext context, int? bytes)
    {
        using (var body = await RequestBody.ReadAsync(context.Request, 1 << 20, context.RequestAborted))
        {
        }
        var payload = Bodies.GetOrAdd(Math.Clamp(bytes ?? 256, 16, 1 << 16), Build);
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonResponses.ContentType;
        context.Response.ContentLength = payload.Length;
        await context.Response.Body.WriteAsync(payload, context.RequestAborted);
    }

    private static byte[] Build(int size)
    {
        const string head = "{\"pad\":\"";
        const string tail = "\"}";
        return Encoding.ASCII.GetBytes(head + new string('x', size - head.Length - tail.Length) + tail);
    }
}
