using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OdooSidecar.Testing;

namespace OdooSidecar.IntegrationTests.Ingress;

/// <summary>
/// A stand-in for the web side of Odoo on loopback: records every request exactly as it arrived (method, raw target,
/// headers, body), echoes WebSocket messages on <c>/websocket</c>, serves <see cref="Download"/> on
/// <c>/web/content/…</c>, and answers anything else with a small page (or an XML-RPC result on <c>/xmlrpc/…</c>).
/// </summary>
internal sealed class WebOdoo : IAsyncDisposable
{
    /// <summary>The session cookie the stand-in's login sets.</summary>
    public const string SessionSetCookie = "session_id=web-session-1; Path=/; HttpOnly";

    private WebApplication _app = null!;

    /// <summary>What reached the upstream, in order.</summary>
    public ConcurrentQueue<WebRequest> Received { get; } = new();

    /// <summary>The body of every <c>/web/content/…</c> download: 300 KiB that are not all alike.</summary>
    public static byte[] Download { get; } = Enumerable.Range(0, 300 * 1024).Select(i => (byte)((i * 31) ^ (i >> 8))).ToArray();

    public Uri Address { get; private set; } = null!;

    public static async Task<WebOdoo> StartAsync()
    {
        var upstream = new WebOdoo();
        (upstream._app, upstream.Address) = await LoopbackServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Run(upstream.AnswerAsync);
        });
        return upstream;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await request.Body.CopyToAsync(body);
        }

        Received.Enqueue(new WebRequest(
            request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));

        var path = request.Path.Value ?? "/";
        if (path == "/websocket" && context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await EchoAsync(socket);
            return;
        }

        if (path.StartsWith("/web/content/", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/pdf";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"report.pdf\"";
            context.Response.ContentLength = Download.Length;
            await context.Response.Body.WriteAsync(Download);
            return;
        }

        if (path.StartsWith("/xmlrpc/", StringComparison.Ordinal))
        {
            context.Response.ContentType = "text/xml; charset=utf-8";
            await context.Response.WriteAsync(LoopbackOdoo.OkResponse);
            return;
        }

        if (path == "/web/session/authenticate")
        {
            context.Response.Headers.SetCookie = SessionSetCookie;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"odoo answered {request.Method} {path}");
    }

    private static async Task EchoAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the upstream received it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Target">The request target exactly as sent on the wire (path and query, still encoded).</param>
/// <param name="Headers">The request headers.</param>
/// <param name="Body">The exact body bytes.</param>
internal sealed record WebRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
