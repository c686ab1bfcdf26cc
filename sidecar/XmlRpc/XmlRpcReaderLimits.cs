namespace OdooSidecar.XmlRpc;

/// <summary>Bounds that keep a hostile body from costing unbounded memory or time.</summary>
/// <param name="MaxDepth">Deepest XML element nesting accepted (the envelope itself uses five levels).</param>
/// <param name="MaxElements">Most XML elements accepted in one body.</param>
public sealed record XmlRpcReaderLimits(int MaxDepth = 64, int MaxElements = 1_000_000)
{
    /// <summary>The defaults.</summary>
    public static readonly XmlRpcReaderLimits Default = new();
}
