using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OdooSidecar.Testing;

/// <summary>
/// A stand-in for Odoo on loopback: records every request it receives and answers with <see cref="Respond"/>
/// (by default a one-string XML-RPC result, with Odoo's <c>Connection: close</c>).
/// </summary>
public sealed class LoopbackOdoo : IAsyncDisposable
{
    /// <summary>A result Odoo might send.</summary>
    public const string OkResponse = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>ok</string></value>\n</param>\n</params>\n</methodResponse>\n";

    private WebApplication _app = null!;

    /// <summary>What the upstream received, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>How to answer a request; the default answers <see cref="OkResponse"/>.</summary>
    public Func<ReceivedRequest, Task<string>> Respond { get; set; } = _ => Task.FromResult(OkResponse);

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the upstream on a free loopback port.</summary>
    public static async Task<LoopbackOdoo> StartAsync(bool closeConnections = true)
    {
        var upstream = new LoopbackOdoo();
        (upstream._app, upstream.Address) = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var received = new ReceivedRequest(context.Request.Path, body.ToArray(), context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            upstream.Received.Enqueue(received);
            var answer = await upstream.Respond(received);
            context.Response.ContentType = "text/xml; charset=utf-8";
            if (closeConnections)
            {
                context.Response.Headers.Connection = "close";
            }

            await context.Response.WriteAsync(answer);
        }));
        return upstream;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the upstream received.</summary>
/// <param name="Path">The request path.</param>
/// <param name="Body">The exact body bytes.</param>
/// <param name="Headers">The request headers.</param>
public sealed record ReceivedRequest(string Path, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
