using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace OdooSidecar.Ingress;

/// <summary>
/// The answers of the front door when it closes a path, each in the shape the path's own clients read and each
/// pointing to the sidecar's endpoints.
/// </summary>
internal static class IngressRefusals
{
    /// <summary>Where API calls go instead.</summary>
    public static readonly string[] McpEndpoints = ["/mcp/xmlrpc/common", "/mcp/xmlrpc/db", "/mcp/xmlrpc/object"];

    private const string UseMcp = "Call the Odoo API through /mcp/xmlrpc/common, /mcp/xmlrpc/db and /mcp/xmlrpc/object "
        + "(XML-RPC, as /xmlrpc/2/* of Odoo), where the models an administrator enabled for AI agents (MCP) are enforced "
        + "and every call is audited.";

    private const string AccessDenied = "odoo.exceptions.AccessDenied";

    // Enough for the envelope of any JSON-RPC call the web client or an RPC library sends; the id is all we read.
    private const int MaxJsonRpcBytesRead = 64 * 1024;

    /// <summary>The message of a refusal.</summary>
    public static string Message(IngressVerdict verdict) => verdict switch
    {
        IngressVerdict.RefuseJsonRpc => "This Odoo is behind OdooSidecar, which closes the /jsonrpc endpoint of Odoo. " + UseMcp,
        IngressVerdict.RefuseJson2 => "This Odoo is behind OdooSidecar, which closes the JSON-2 API of Odoo (/json/2/...). " + UseMcp,
        IngressVerdict.RefuseWebDatasetWithoutSession => "This Odoo is behind OdooSidecar, which lets only the web client "
            + "(a request with an Odoo web session) use /web/dataset/...: sign in first. " + UseMcp,
        IngressVerdict.RefuseXmlRpcMethod => "XML-RPC calls are POST requests. " + UseMcp,
        IngressVerdict.RefuseXmlRpcPath => "This is not an XML-RPC endpoint of OdooSidecar. " + UseMcp,
        IngressVerdict.NotASidecarEndpoint => "This is not an endpoint of OdooSidecar. " + UseMcp,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Forwarded requests are not refused."),
    };

    /// <summary>Writes the refusal of <paramref name="verdict"/>.</summary>
    public static async Task WriteAsync(HttpContext context, IngressVerdict verdict)
    {
        var message = Message(verdict);
        switch (verdict)
        {
            // Odoo's JSON-RPC clients (its web client, odoorpc, odoo-await, …) read errors from the body of an HTTP 200,
            // as Odoo sends them; a bare 403 would surface as a transport error without our message.
            case IngressVerdict.RefuseJsonRpc or IngressVerdict.RefuseWebDatasetWithoutSession:
                var id = await ReadJsonRpcIdAsync(context.Request, context.RequestAborted);
                await WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
                {
                    writer.WriteString("jsonrpc", "2.0");
                    writer.WritePropertyName("id");
                    writer.WriteRawValue(id ?? "null");
                    writer.WriteStartObject("error");
                    writer.WriteNumber("code", StatusCodes.Status403Forbidden);
                    writer.WriteString("message", message);
                    writer.WriteStartObject("data");
                    WriteOdooError(writer, message);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                });
                break;

            // JSON-2 is not JSON-RPC: its clients check the HTTP status and read Odoo's error object from the body.
            case IngressVerdict.RefuseJson2:
                await WriteJsonAsync(context, StatusCodes.Status403Forbidden, writer => WriteOdooError(writer, message));
                break;

            case IngressVerdict.RefuseXmlRpcMethod:
                context.Response.Headers.Allow = HttpMethods.Post;
                await WriteTextAsync(context, StatusCodes.Status405MethodNotAllowed, message);
                break;

            default:
                await WriteTextAsync(context, StatusCodes.Status404NotFound, message);
                break;
        }
    }

    // The members of Odoo's serialized exception, so clients that show data.message or data.name show ours.
    private static void WriteOdooError(Utf8JsonWriter writer, string message)
    {
        writer.WriteString("name", AccessDenied);
        writer.WriteString("message", message);
        writer.WriteStartArray("arguments");
        writer.WriteStringValue(message);
        writer.WriteEndArray();
        writer.WriteStartObject("context");
        writer.WriteEndObject();
        writer.WriteString("debug", string.Empty);
        writer.WriteStartArray("endpoints");
        foreach (var endpoint in McpEndpoints)
        {
            writer.WriteStringValue(endpoint);
        }

        writer.WriteEndArray();
    }

    private static async Task<string?> ReadJsonRpcIdAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxJsonRpcBytesRead];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null
                ? id.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            // Not JSON, or longer than we read: the answer still goes out, with a null id as JSON-RPC prescribes.
            return null;
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> writeBody)
    {
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writeBody(writer);
            writer.WriteEndObject();
        }

        await WriteAsync(context, status, "application/json; charset=utf-8", body.ToArray());
    }

    private static Task WriteTextAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, "text/plain; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(message + "\n"));

    private static async Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers[HeaderNames.CacheControl] = "no-store";
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
