using System.Buffers;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.Gateway;

/// <summary>Answers a caller the way Odoo does: <c>text/xml</c>, HTTP 200 unless told otherwise.</summary>
internal static class XmlRpcResponses
{
    /// <summary>Answers an XML-RPC fault with Odoo's integer fault codes.</summary>
    public static Task WriteFaultAsync(HttpResponse response, int code, string message, int httpStatus = StatusCodes.Status200OK)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        XmlRpcWriter.WriteFault(buffer, code, message);
        return WriteAsync(response, buffer, httpStatus);
    }

    /// <summary>Answers <c>False</c>, as Odoo's <c>common.login</c> and <c>common.authenticate</c> do for bad credentials.</summary>
    public static Task WriteFalseAsync(HttpResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        XmlRpcWriter.WriteResponse(buffer, XmlRpcBoolean.False);
        return WriteAsync(response, buffer, StatusCodes.Status200OK);
    }

    private static async Task WriteAsync(HttpResponse response, ArrayBufferWriter<byte> buffer, int httpStatus)
    {
        response.StatusCode = httpStatus;
        response.ContentType = "text/xml; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory);
    }
}
