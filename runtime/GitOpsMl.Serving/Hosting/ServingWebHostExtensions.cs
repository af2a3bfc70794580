using System.Net;
using GitOpsMl.Serving.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace GitOpsMl.Serving.Hosting;

public static class ServingWebHostExtensions
{
    /// <summary>Kestrel on Host:Port, HTTP/1.1 + h2c, with a body limit one byte above the server's own check (which answers 413 itself).</summary>
    public static WebApplicationBuilder ConfigureServingKestrel(this WebApplicationBuilder builder, ServingOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + 1;
            var address = options.Host is "localhost" ? IPAddress.Loopback
                : options.Host is "*" or "+" ? IPAddress.Any
                : IPAddress.Parse(options.Host);
            kestrel.Listen(address, options.Port);
        });
        return builder;
    }

    /// <summary>One JSON object per line (pods) or single-line text; request events carry RequestId, Model, Version.</summary>
    public static WebApplicationBuilder ConfigureServingLogging(this WebApplicationBuilder builder, ServingOptions options)
    {
        builder.Logging.ClearProviders();
        if (options.LogFormat == "text")
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        return builder;
    }
}
