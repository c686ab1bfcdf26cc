using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OdooSidecar.Odoo;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace OdooSidecar.Gateway;

/// <summary>
/// YARP's routes and cluster, built from <see cref="OdooOptions"/>: our <c>/mcp/xmlrpc/{service}</c> and Odoo's own
/// <c>/xmlrpc/2/{service}</c> both go to Odoo's <c>/xmlrpc/2/{service}</c>, through <see cref="XmlRpcGatewayStep"/>.
/// </summary>
internal sealed class OdooProxyConfig(IOptions<OdooOptions> options) : IProxyConfigProvider
{
    public const string ClusterId = "odoo";

    private readonly Snapshot _config = Build(options.Value);

    public IProxyConfig GetConfig() => _config;

    private static Snapshot Build(OdooOptions odoo)
    {
        var transforms = new List<Dictionary<string, string>>
        {
            new() { ["PathPattern"] = "/xmlrpc/2/{service}" },

            // Odoo must answer uncompressed so the sidecar can tell results from faults for the audit row.
            new() { ["RequestHeaderRemove"] = "Accept-Encoding" },
        };
        RouteConfig Route(string id, string path) => new()
        {
            RouteId = id,
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = path, Methods = ["POST"] },
            Transforms = transforms,
        };

        return new Snapshot(
            [Route("mcp-xmlrpc", "/mcp/xmlrpc/{service}"), Route("odoo-xmlrpc", "/xmlrpc/2/{service}")],
            [
                new ClusterConfig
                {
                    ClusterId = ClusterId,
                    Destinations = new Dictionary<string, DestinationConfig> { ["odoo"] = new() { Address = odoo.Url.ToString() } },
                    HttpRequest = new ForwarderRequestConfig { ActivityTimeout = odoo.Timeout },
                },
            ]);
    }

    private sealed class Snapshot(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;

        public IReadOnlyList<ClusterConfig> Clusters => clusters;

        public IChangeToken ChangeToken { get; } = new CancellationChangeToken(CancellationToken.None);
    }
}
