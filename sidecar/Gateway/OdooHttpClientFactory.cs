using Yarp.ReverseProxy.Forwarder;

namespace OdooSidecar.Gateway;

/// <summary>YARP's client for Odoo, whose connections send a forwarded call's head and body together.</summary>
internal sealed class OdooHttpClientFactory : ForwarderHttpClientFactory
{
    /// <inheritdoc />
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectCallback = HeadWithBodyStream.ConnectAsync;
    }
}
