using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OdooSidecar.Odoo;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace OdooSidecar.Ingress;

/// <summary>
/// The front door's YARP route, beside the gateway's (YARP merges both providers): with
/// <see cref="IngressMode.Guard"/>, every path no other endpoint takes goes to Odoo, guarded by
/// <see cref="IngressGuardTransform"/>; with <see cref="IngressMode.Off"/> there is no route at all.
/// </summary>
internal sealed class IngressProxyConfig(IOptions<IngressOptions> ingress, IOptions<OdooOptions> odoo) : IProxyConfigProvider
{
    /// <summary>The catch-all route.</summary>
    public const string RouteId = "ingress-odoo";

    /// <summary>Its own cluster, so that the gateway's pipeline step (which runs on the gateway's cluster) skips it.</summary>
    public const string ClusterId = "ingress-odoo";

    private readonly Snapshot _config = Build(ingress.Value, odoo.Value);

    public IProxyConfig GetConfig() => _config;

    private static Snapshot Build(IngressOptions ingress, OdooOptions odoo)
    {
        if (ingress.Mode == IngressMode.Off)
        {
            return new Snapshot([], []);
        }

        var route = new RouteConfig
        {
            RouteId = RouteId,
            ClusterId = ClusterId,

            // After every other endpoint: the gateway's XML-RPC routes, health, and whatever /mcp/ serves.
            Order = int.MaxValue,
            Match = new RouteMatch { Path = "/{**catch-all}" },
            Transforms =
            [
                // Set, not Append: the sidecar is the front door, so what it saw (client address, scheme, Host) is the
                // truth, and X-Forwarded-* a client sent are dropped rather than passed on for Odoo's --proxy-mode
                // (which trusts one hop) to weigh. Prefix is Set too: it is removed, as the sidecar has no PathBase.
                new Dictionary<string, string> { ["X-Forwarded"] = "Set" },

                // Other claims about earlier hops that a client could make up.
                new Dictionary<string, string> { ["RequestHeaderRemove"] = "Forwarded" },
                new Dictionary<string, string> { ["RequestHeaderRemove"] = "X-Real-IP" },
                new Dictionary<string, string> { ["RequestHeaderRemove"] = "X-Forwarded-Port" },
            ],
        };
        var cluster = new ClusterConfig
        {
            ClusterId = ClusterId,
            Destinations = new Dictionary<string, DestinationConfig> { ["odoo"] = new() { Address = odoo.Url.ToString() } },

            // Also bounds idle WebSockets; Odoo pings an idle one every 45 seconds.
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = ingress.IdleTimeout },
        };
        return new Snapshot([route], [cluster]);
    }

    private sealed class Snapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;

        public IReadOnlyList<ClusterConfig> Clusters => clusters;

        public IChangeToken ChangeToken { get; } = new CancellationChangeToken(CancellationToken.None);
    }
}
