using System.Text;
using OdooSidecar.IntegrationTests.Rest;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.Clients;

/// <summary>
/// What the client tests share: the loopback upstream's answers (as Odoo 17 gives them for the calls the clients
/// make), short builders for the calls a client means, and the checks on what reached the upstream and the audit.
/// </summary>
internal static class ClientTraffic
{
    public const long CreatedId = 42;

    /// <summary>Answers like Odoo 17 for version, authenticate and the res.partner calls of the client scripts.</summary>
    public static Task<string> AnswerLikeOdoo(ReceivedRequest request)
    {
        var call = XmlRpcCallReader.Read(request.Body);
        var answer = call.MethodName switch
        {
            "version" => OdooAnswers.Version,
            "authenticate" => OdooAnswers.Result($"<int>{OdooTestData.AdminId}</int>"),
            "execute_kw" => call.Params[4].AsString() switch
            {
                "search_read" => OdooAnswers.Result(OdooAnswers.ArrayValue(OdooAnswers.StructValue(
                    ("id", "<int>7</int>"), ("name", "<string>Azure Interior</string>"), ("email", "<string>azure@example.com</string>")))),
                "create" => OdooAnswers.Result($"<int>{CreatedId}</int>"),
                "read" => OdooAnswers.Result(OdooAnswers.ArrayValue(OdooAnswers.StructValue(
                    ("id", $"<int>{CreatedId}</int>"), ("name", "<string>Sidecar &amp; client</string>"), ("phone", "<string>+1 555 0100</string>")))),
                "write" or "unlink" => OdooAnswers.Result("<boolean>1</boolean>"),
                var other => OdooAnswers.Fault(1, $"the loopback Odoo has no answer for {other}"),
            },
            var other => OdooAnswers.Fault(1, $"the loopback Odoo has no answer for {other}"),
        };
        return Task.FromResult(answer);
    }

    public static XmlRpcString S(string value) => new(value);

    public static XmlRpcInteger I(long value) => new(value);

    public static XmlRpcArray A(params XmlRpcValue[] items) => new(items);

    public static XmlRpcStruct Struct(params (string Name, XmlRpcValue Value)[] members) =>
        new([.. members.Select(m => KeyValuePair.Create(m.Name, m.Value))]);

    /// <summary>
    /// Each allowed request the client sent reached the upstream once, in order, on Odoo's own path, as the canonical
    /// writing of the call it parses to, and that call is the one the client meant; nothing else reached it.
    /// </summary>
    public static void AssertForwardedCanonically(LoopbackOdoo odoo, IReadOnlyList<(string Path, string Body)> allowedSent, IReadOnlyList<XmlRpcCall> meant)
    {
        var received = odoo.Received.ToArray();
        Assert.Equal(allowedSent.Count, meant.Count);
        Assert.Equal(allowedSent.Count, received.Length);
        for (var i = 0; i < received.Length; i++)
        {
            var sentCall = XmlRpcCallReader.Read(Encoding.UTF8.GetBytes(allowedSent[i].Body));
            Assert.Equal(OdooPath(allowedSent[i].Path), received[i].Path);
            Assert.Equal(Encoding.UTF8.GetString(XmlRpcWriter.ToBytes(sentCall)), received[i].Text);
            Assert.Equal(meant[i], XmlRpcCallReader.Read(received[i].Body));
        }
    }

    /// <summary>The audit rows once <paramref name="count"/> are there and none is still pending.</summary>
    public static async Task<IReadOnlyList<Dictionary<string, object?>>> SettledAuditRowsAsync(GatewayScenario scenario, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var rows = await scenario.ReadAuditRowsAsync();
            var settled = rows.Count >= count && rows.All(r => r["outcome"] as string != "pending");
            if (settled || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(20);
        }
    }

    private static string OdooPath(string sidecarPath) =>
        sidecarPath.StartsWith("/mcp/xmlrpc/", StringComparison.Ordinal) ? "/xmlrpc/2/" + sidecarPath["/mcp/xmlrpc/".Length..] : sidecarPath;
}
