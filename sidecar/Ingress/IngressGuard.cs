namespace OdooSidecar.Ingress;

/// <summary>
/// Decides what the front door does with a request, from its method, its path as Odoo will route it, and whether it
/// carries an Odoo web session. Odoo's entry points that accept an API key (<c>/xmlrpc</c>, <c>/jsonrpc</c>,
/// <c>/json/2</c>) never pass; the web client's RPC (<c>/web/dataset/…</c>) passes only with a session cookie, which an
/// API key cannot obtain (Odoo 17 refuses API keys for interactive logins), and Odoo checks that session itself.
/// </summary>
internal static class IngressGuard
{
    /// <summary>The cookie of Odoo's web session.</summary>
    public const string SessionCookie = "session_id";

    /// <summary>The verdict for one request.</summary>
    public static IngressVerdict Decide(string method, string path, bool hasWebSession)
    {
        var odooPath = AsOdooRoutesIt(path);
        if (IsUnder(odooPath, "/xmlrpc") || IsUnder(odooPath, "/mcp/xmlrpc"))
        {
            return HttpMethods.IsPost(method) ? IngressVerdict.RefuseXmlRpcPath : IngressVerdict.RefuseXmlRpcMethod;
        }

        if (IsUnder(odooPath, "/mcp"))
        {
            return IngressVerdict.NotASidecarEndpoint;
        }

        if (IsUnder(odooPath, "/jsonrpc"))
        {
            return IngressVerdict.RefuseJsonRpc;
        }

        if (IsUnder(odooPath, "/json/2"))
        {
            return IngressVerdict.RefuseJson2;
        }

        if (IsUnder(odooPath, "/web/dataset") && !hasWebSession)
        {
            return IngressVerdict.RefuseWebDatasetWithoutSession;
        }

        return IngressVerdict.Forward;
    }

    /// <summary>
    /// The path folded as Odoo's router might fold it. Odoo 17 serves XML-RPC on <c>//xmlrpc/2/common</c> and
    /// <c>/xmlrpc/2/common/</c>, and its WSGI server turns <c>%2F</c> into a separator (<c>/xmlrpc%2F2%2Fcommon</c> is
    /// XML-RPC too); Kestrel keeps double slashes and <c>%2F</c> in the path, and YARP forwards double slashes as they
    /// are (it sends <c>%2F</c> as <c>%252F</c> today, which we do not rely on). So empty and dot segments and trailing
    /// slashes are dropped, <c>%2F</c> is decoded, and backslashes count as slashes. Folding too much only refuses odd
    /// paths Odoo would not serve anyway; folding too little would let one through.
    /// </summary>
    public static string AsOdooRoutesIt(string path)
    {
        var segments = new List<string>();
        foreach (var segment in Uri.UnescapeDataString(path).Replace('\\', '/').Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return "/" + string.Join('/', segments);
    }

    // Odoo's routes are case-sensitive; comparing without case only refuses more.
    private static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
