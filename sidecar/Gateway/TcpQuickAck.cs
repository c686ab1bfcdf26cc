using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;

namespace OdooSidecar.Gateway;

/// <summary>
/// Python's <c>xmlrpc.client</c> sends a request's headers and body in two writes without TCP_NODELAY, so on a
/// kept-alive connection its body waits (Nagle) for our ACK of the headers, which Linux delays. Odoo never meets
/// this because it closes every connection (a fresh connection ACKs at once). Asking for a quick ACK while the body
/// is missing sends the pending ACK now, and the body follows without the delay. It is asked for only then: when the
/// body came with the headers, the ACK rides on the answer, and a separate ACK segment would cost a loopback round of
/// the TCP stack per call.
/// </summary>
internal static class TcpQuickAck
{
    private const int TcpQuickAckOption = 12;
    private static readonly byte[] On = BitConverter.GetBytes(1);

    public static void Request(HttpContext context)
    {
        if (OperatingSystem.IsLinux() && context.Features.Get<IConnectionSocketFeature>()?.Socket is { Connected: true } socket)
        {
            socket.SetRawSocketOption((int)SocketOptionLevel.Tcp, TcpQuickAckOption, On);
        }
    }
}
