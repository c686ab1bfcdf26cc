using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using OdooSidecar.Odoo;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace OdooSidecar.Gateway;

/// <summary>
/// YARP's routes and cluster, built from <see cref="OdooOptions"/>: our <c>/mcp/xmlrpc/{service}</c> and Odoo's own
/// <c>/xmlrpc/2/{service}</c> go to Odoo's <c>/xmlrpc/2/{service}</c>, its legacy <c>/xmlrpc/{service}</c> stays
/// where it is; all of them through <see cref="XmlRpcGatewayStep"/>.
/// </summary>
internal sealed class OdooProxyConfig(IOptions<OdooOptions> options) : IProxyConfigProvider
{
    public const string ClusterId = "odoo";

    private const string OdooXmlRpcPrefix = "/xmlrpc/2";

    private readonly Snapshot _config = Build(options.Value);

    public IProxyConfig GetConfig() => _config;

    private static Snapshot Build(OdooOptions odoo)
    {
        RouteConfig Route(string id, string path, string? prefixToReplace = null)
        {
            // Odoo must answer uncompressed so the sidecar can tell results from faults for the audit row.
            List<IReadOnlyDictionary<string, string>> transforms = [new Dictionary<string, string> { ["RequestHeaderRemove"] = "Accept-Encoding" }];
            if (prefixToReplace is not null)
            {
                // A prefix swap rather than a PathPattern, which builds a template binder per call.
                transforms.Add(new Dictionary<string, string> { ["PathRemovePrefix"] = prefixToReplace });
                transforms.Add(new Dictionary<string, string> { ["PathPrefix"] = OdooXmlRpcPrefix });
            }

            return new() { RouteId = id, ClusterId = ClusterId, Match = new RouteMatch { Path = path, Methods = ["POST"] }, Transforms = transforms };
        }

        return new Snapshot(
            [
                Route("mcp-xmlrpc", "/mcp/xmlrpc/{service}", prefixToReplace: "/mcp/xmlrpc"),
                Route("odoo-xmlrpc", "/xmlrpc/2/{service}"),

                // Odoo's legacy endpoint (string fault codes), which mcp-server-odoo calls for db.list at start-up.
                Route("odoo-xmlrpc-legacy", "/xmlrpc/{service}"),
            ],
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
