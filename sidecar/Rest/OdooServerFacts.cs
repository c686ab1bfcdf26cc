using System.Buffers;
using System.Net.Http.Headers;
using System.Xml;
using System.Xml.Linq;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.Rest;

/// <summary>
/// The facts of <c>/mcp/system/info</c> that live in Odoo's code rather than in its tables, asked from Odoo itself
/// over XML-RPC: its version (<c>common.version()</c>) and the caller's language and time zone
/// (<c>res.users.context_get()</c>, with the caller's own key, so Odoo's access rules apply).
/// </summary>
internal sealed class OdooServerFacts(HttpClient http)
{
    private const int MaxAnswerBytes = 1 << 20;

    /// <summary><c>server_version</c> of <c>common.version()</c>, e.g. <c>17.0</c>.</summary>
    public async Task<string> ServerVersionAsync(CancellationToken cancellationToken)
    {
        var answer = await CallAsync("common", new XmlRpcCall("version", []), cancellationToken);
        return StringMember(answer, "server_version") ?? throw new OdooAnswerException("common.version() has no server_version.");
    }

    /// <summary>The language and time zone of <paramref name="uid"/>'s context; null where Odoo answers <c>False</c>.</summary>
    public async Task<(string? Language, string? TimeZone)> UserContextAsync(string database, long uid, string apiKey, CancellationToken cancellationToken)
    {
        var call = new XmlRpcCall("execute_kw",
        [
            new XmlRpcString(database), new XmlRpcInteger(uid), new XmlRpcString(apiKey), new XmlRpcString("res.users"),
            new XmlRpcString("context_get"), new XmlRpcArray([]), new XmlRpcStruct([]),
        ]);
        var answer = await CallAsync("object", call, cancellationToken);
        return (StringMember(answer, "lang"), StringMember(answer, "tz"));
    }

    private async Task<XElement> CallAsync(string service, XmlRpcCall call, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(512);
        XmlRpcWriter.WriteCall(body, call);
        using var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        using var response = await http.PostAsync($"xmlrpc/2/{service}", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new OdooAnswerException($"Odoo answered HTTP {(int)response.StatusCode} to {service}.{call.MethodName}.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxAnswerBytes, Async = true };
        using var reader = XmlReader.Create(stream, settings);
        XDocument document;
        try
        {
            document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken);
        }
        catch (XmlException e)
        {
            throw new OdooAnswerException($"Odoo's answer to {service}.{call.MethodName} is not XML-RPC: {e.Message}");
        }

        var root = document.Root;
        if (root?.Element("fault") is { } fault)
        {
            throw new OdooAnswerException($"Odoo answered {service}.{call.MethodName} with a fault: {StringMember(fault.Element("value"), "faultString")}");
        }

        return root?.Element("params")?.Element("param")?.Element("value")
            ?? throw new OdooAnswerException($"Odoo's answer to {service}.{call.MethodName} has no result.");
    }

    /// <summary>A string member of a struct value; null when it is absent or not a string (Odoo's <c>False</c>).</summary>
    private static string? StringMember(XElement? value, string name)
    {
        var member = value?.Element("struct")?.Elements("member").FirstOrDefault(m => (string?)m.Element("name") == name)?.Element("value");
        if (member is null)
        {
            return null;
        }

        return member.Elements().FirstOrDefault() switch
        {
            null => member.Value,
            { Name.LocalName: "string" } text => text.Value,
            _ => null,
        };
    }
}

/// <summary>Odoo could not be asked, or answered something other than the expected result.</summary>
internal sealed class OdooAnswerException(string message) : Exception(message);
