using System.Text.Json.Nodes;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;
using static OdooSidecar.IntegrationTests.Clients.ClientTraffic;

namespace OdooSidecar.IntegrationTests.Clients;

/// <summary>
/// The Python standard library's <c>xmlrpc.client.ServerProxy(allow_none=True)</c>, run as a real python3 process
/// (<c>python_xmlrpc_client.py</c>), works through the sidecar on <c>/mcp/xmlrpc/*</c> and on Odoo's own
/// <c>/xmlrpc/2/object</c>.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class PythonXmlRpcClientTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Python_xmlrpc_client_gets_odoos_answers_for_allowed_calls_and_faults_4_and_3_for_refused_ones()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster,
            data => data.EnableModelAsync("res.partner", read: true, create: true, write: true, unlink: true));
        scenario.Odoo.Respond = AnswerLikeOdoo;

        var output = await ClientProcess.RunJsonAsync("python3",
        [
            ClientProcess.SourceFile("python_xmlrpc_client.py"), scenario.Sidecar.Address.ToString().TrimEnd('/'), scenario.Database,
            scenario.ApiKey, "/mcp/xmlrpc/common", "/mcp/xmlrpc/object", "/xmlrpc/2/object",
        ], TimeSpan.FromSeconds(30));

        var steps = output["steps"]!;
        Assert.Equal("17.0", (string?)steps["version"]!["result"]!["server_version"]);
        Assert.Equal(OdooTestData.AdminId, (int?)steps["authenticate"]!["result"]);
        var partner = Assert.Single(steps["search_read"]!["result"]!.AsArray())!;
        Assert.Equal((7, "Azure Interior", "azure@example.com"), ((int)partner["id"]!, (string?)partner["name"], (string?)partner["email"]));
        Assert.Equal(CreatedId, (long?)steps["create"]!["result"]);
        Assert.True((bool?)steps["write"]!["result"]);
        Assert.Equal("+1 555 0100", (string?)steps["read_after_write"]!["result"]![0]!["phone"]);
        Assert.True((bool?)steps["unlink"]!["result"]);
        Assert.Equal("Azure Interior", (string?)steps["search_read_on_odoo_path"]!["result"]![0]!["name"]);
        var notEnabled = steps["model_not_enabled"]!["fault"]!;
        Assert.Equal(4, (int?)notEnabled["faultCode"]);
        Assert.Contains("res.users", (string?)notEnabled["faultString"], StringComparison.Ordinal);
        Assert.Equal(3, (int?)steps["wrong_key"]!["fault"]!["faultCode"]);

        var sent = output["sent"]!.AsArray().Select(s => ((string)s!["path"]!, (string)s["body"]!)).ToList();
        Assert.Equal(10, sent.Count);
        AssertForwardedCanonically(scenario.Odoo, [.. sent.Take(8)], MeantCalls(scenario));

        var rows = await SettledAuditRowsAsync(scenario, 10);
        Assert.Equal(
            [
                "/mcp/xmlrpc/common version resource_retrieval success", "/mcp/xmlrpc/common authenticate auth_success success",
                "/mcp/xmlrpc/object search_read model_access success", "/mcp/xmlrpc/object create write_operation success",
                "/mcp/xmlrpc/object write write_operation success", "/xmlrpc/2/object read model_access success",
                "/mcp/xmlrpc/object unlink write_operation success", "/xmlrpc/2/object search_read model_access success",
                "/mcp/xmlrpc/object search_read permission_denied denied", "/mcp/xmlrpc/object search_count auth_failure denied",
            ],
            rows.Select(r => $"{r["endpoint"]} {r["method"]} {r["event_type"]} {r["outcome"]}"));
        Assert.All(rows.Skip(1).SkipLast(1), row => Assert.Equal(OdooTestData.AdminId, row["user_id"]));
        Assert.All(rows, row => Assert.StartsWith("Python-xmlrpc/3.", (string?)row["user_agent"], StringComparison.Ordinal));
        Assert.All(rows, row => Assert.DoesNotContain(scenario.ApiKey, row["request_data"] as string ?? "", StringComparison.Ordinal));
    }

    /// <summary>The allowed calls of the script as Python means them: lists are arrays, dicts structs, None nil.</summary>
    private static XmlRpcCall[] MeantCalls(GatewayScenario scenario)
    {
        XmlRpcCall ExecuteKw(string method, XmlRpcArray args, XmlRpcStruct? kwargs = null) =>
            new("execute_kw", [S(scenario.Database), I(OdooTestData.AdminId), S(scenario.ApiKey), S("res.partner"), S(method), args, .. kwargs is null ? Array.Empty<XmlRpcValue>() : [kwargs]]);

        return
        [
            new("version", []),
            new("authenticate", [S(scenario.Database), S("admin"), S(scenario.ApiKey), Struct()]),
            ExecuteKw("search_read", A(A(A(S("is_company"), S("="), XmlRpcBoolean.True), A(S("name"), S("ilike"), S("a")))),
                Struct(("fields", A(S("name"), S("email"))), ("limit", I(5)), ("offset", I(0)), ("order", XmlRpcValue.Nil), ("context", Struct(("lang", S("en_US")))))),
            ExecuteKw("create", A(Struct(("name", S("Sidecar & Python <client>")), ("is_company", XmlRpcBoolean.False)))),
            ExecuteKw("write", A(A(I(CreatedId)), Struct(("phone", S("+1 555 0100")), ("comment", XmlRpcValue.Nil)))),
            ExecuteKw("read", A(A(I(CreatedId))), Struct(("fields", A(S("name"), S("phone"))))),
            ExecuteKw("unlink", A(A(I(CreatedId)))),
            ExecuteKw("search_read", A(A(A(S("id"), S("in"), A(I(1), I(3))))), Struct(("fields", A(S("name"))), ("order", S("id")))),
        ];
    }
}
