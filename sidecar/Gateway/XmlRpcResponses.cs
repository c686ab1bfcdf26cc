using System.Buffers;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.Gateway;

/// <summary>Answers a caller with an XML-RPC fault, as Odoo does: HTTP 200, <c>text/xml</c>.</summary>
internal static class XmlRpcResponses
{
    public static async Task WriteFaultAsync(HttpResponse response, int code, string message, int httpStatus = StatusCodes.Status200OK)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        XmlRpcWriter.WriteFault(buffer, code, message);
        response.StatusCode = httpStatus;
        response.ContentType = "text/xml; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory);
    }
}
