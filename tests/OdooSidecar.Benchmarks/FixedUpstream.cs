using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OdooSidecar.Benchmarks;

/// <summary>
/// A lean stand-in for Odoo: drains the request body, waits <see cref="ServiceTime"/> and answers one fixed
/// XML-RPC response. Keeps only counters, so it costs the same per call whoever calls it.
/// </summary>
internal sealed class FixedUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _bodyBytes;

    private FixedUpstream(WebApplication app) => _app = app;

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>How long each answer waits before it is written; zero answers at once.</summary>
    public TimeSpan ServiceTime { get; set; }

    /// <summary>Answer with <c>Connection: close</c>, as Odoo's werkzeug server does for HTTP/1.0-style handling.</summary>
    public bool CloseConnections { get; set; }

    /// <summary>Requests answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Request body bytes received so far.</summary>
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    public static async Task<FixedUpstream> StartAsync(byte[] response)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FixedUpstream(app);
        app.Run(async context =>
        {
            var reader = context.Request.BodyReader;
            long length = 0;
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted);
                length += result.Buffer.Length;
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            Interlocked.Add(ref upstream._bodyBytes, length);
            Interlocked.Increment(ref upstream._requests);
            if (upstream.ServiceTime > TimeSpan.Zero)
            {
                // Thread.Sleep (nanosleep) is far closer to 1 ms than Task.Delay's timer queue, which measured ~3.9 ms
                // for 1 ms here; the latency scenario has one client, so blocking a pool thread briefly is harmless.
                Thread.Sleep(upstream.ServiceTime);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/xml; charset=utf-8";
            context.Response.ContentLength = response.Length;
            if (upstream.CloseConnections)
            {
                context.Response.Headers.Connection = "close";
            }

            await context.Response.Body.WriteAsync(response, context.RequestAborted);
        });
        await app.StartAsync();
        upstream.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
