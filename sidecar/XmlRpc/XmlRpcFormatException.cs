namespace OdooSidecar.XmlRpc;

/// <summary>The request body is not an XML-RPC call this sidecar accepts; the message says why.</summary>
public sealed class XmlRpcFormatException(string message, Exception? inner = null) : Exception(message, inner);
