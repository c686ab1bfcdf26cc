namespace OdooSidecar.Ingress;

/// <summary>What the front door does with a request that none of the sidecar's own endpoints took.</summary>
internal enum IngressVerdict
{
    /// <summary>Proxy it to Odoo unchanged: the web client, assets, downloads, <c>/websocket</c>, <c>/longpolling</c>.</summary>
    Forward,

    /// <summary>Odoo's <c>/jsonrpc</c>, which takes an API key in its body: closed.</summary>
    RefuseJsonRpc,

    /// <summary>Odoo's JSON-2 API (<c>/json/2/…</c>), which takes an API key as a bearer token: closed.</summary>
    RefuseJson2,

    /// <summary>The web client's <c>/web/dataset/…</c> RPC without a web session: not the web client, so closed.</summary>
    RefuseWebDatasetWithoutSession,

    /// <summary>An XML-RPC path with a method other than POST.</summary>
    RefuseXmlRpcMethod,

    /// <summary>A POST to an XML-RPC path the gateway does not serve (an extra segment, an encoded slash, …).</summary>
    RefuseXmlRpcPath,

    /// <summary>A path under <c>/mcp/</c> that no sidecar endpoint serves: the sidecar's namespace never reaches Odoo.</summary>
    NotASidecarEndpoint,
}
