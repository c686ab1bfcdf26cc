using System.Text.Json.Nodes;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;
using static OdooSidecar.IntegrationTests.Clients.ClientTraffic;

namespace OdooSidecar.IntegrationTests.Clients;

/// <summary>
/// The npm client odoo-await, installed from the npm registry and run by node (<c>odoo_await_client.js</c>), works
/// through the sidecar. It only knows Odoo's own <c>/xmlrpc/2/common</c> and <c>/xmlrpc/2/object</c>, and encodes
/// values its own way: strings with <c>&amp;</c> or <c>&lt;</c> as CDATA, integers beyond 32 bits as <c>&lt;int&gt;</c>,
/// missing options as empty <c>&lt;value/&gt;</c>, and bare ids for write and unlink.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class NpmOdooClientTests(PostgresFixture postgres)
{
    private const string Package = "odoo-await";
    private const string Version = "3.4.1";

    [Fact]
    public async Task Odoo_await_gets_odoos_answers_for_allowed_calls_and_faults_4_and_3_for_refused_ones()
    {
        var modules = await NpmPackage.InstallAsync(Package, Version);
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster,
            data => data.EnableModelAsync("res.partner", read: true, create: true, write: true, unlink: true));
        scenario.Odoo.Respond = AnswerLikeOdoo;

        var output = await ClientProcess.RunJsonAsync("node",
        [
            ClientProcess.SourceFile("odoo_await_client.js"), scenario.Sidecar.Address.Host,
            scenario.Sidecar.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), scenario.Database, scenario.ApiKey,
        ], TimeSpan.FromSeconds(30), new Dictionary<string, string> { ["NODE_PATH"] = modules });

        var steps = output["steps"]!;
        Assert.Equal(OdooTestData.AdminId, (int?)steps["connect"]!["result"]);
        var partner = Assert.Single(steps["searchRead"]!["result"]!.AsArray())!;
        Assert.Equal((7, "Azure Interior", "azure@example.com"), ((int)partner["id"]!, (string?)partner["name"], (string?)partner["email"]));
        Assert.Equal(CreatedId, (long?)steps["create"]!["result"]);
        Assert.True((bool?)steps["update"]!["result"]);
        Assert.Equal("+1 555 0100", (string?)steps["read"]!["result"]![0]!["phone"]);
        Assert.True((bool?)steps["delete"]!["result"]);
        var notEnabled = steps["modelNotEnabled"]!["error"]!;
        Assert.Equal(4, (int?)notEnabled["faultCode"]);
        Assert.Contains("res.users", (string?)notEnabled["faultString"], StringComparison.Ordinal);
        // Like Odoo, the sidecar answers a bad key on authenticate with False, which odoo-await reports as a failed connect.
        var wrongKey = steps["wrongKey"]!["error"]!;
        Assert.Null((int?)wrongKey["faultCode"]);
        Assert.Contains("Error connecting", (string?)wrongKey["message"], StringComparison.Ordinal);

        var sent = output["sent"]!.AsArray().Select(body => (string)body!).ToList();
        Assert.Equal(8, sent.Count);
        Assert.Contains("<![CDATA[Sidecar & npm <client>]]>", sent[2], StringComparison.Ordinal);
        Assert.Contains("<int>4294967296</int>", sent[1], StringComparison.Ordinal);
        Assert.Contains("<value/>", sent[1], StringComparison.Ordinal);
        AssertForwardedCanonically(scenario.Odoo, [.. sent.Take(6).Select(body => (PathOf(body), body))], MeantCalls(scenario));

        var rows = await SettledAuditRowsAsync(scenario, 8);
        Assert.Equal(
            [
                "/xmlrpc/2/common authenticate auth_success success", "/xmlrpc/2/object search_read model_access success",
                "/xmlrpc/2/object create write_operation success", "/xmlrpc/2/object write write_operation success",
                "/xmlrpc/2/object read model_access success", "/xmlrpc/2/object unlink write_operation success",
                "/xmlrpc/2/object search_read permission_denied denied", "/xmlrpc/2/common authenticate auth_failure denied",
            ],
            rows.Select(r => $"{r["endpoint"]} {r["method"]} {r["event_type"]} {r["outcome"]}"));
        Assert.Equal(["42", "42", "42"], rows.Where(r => r["method"] is "write" or "read" or "unlink").Select(r => r["record_ids"]));
        Assert.All(rows.SkipLast(1), row => Assert.Equal(OdooTestData.AdminId, row["user_id"]));
        Assert.All(rows, row => Assert.Equal("NodeJS XML-RPC Client", row["user_agent"]));
        Assert.All(rows, row => Assert.DoesNotContain(scenario.ApiKey, row["request_data"] as string ?? "", StringComparison.Ordinal));
    }

    /// <summary>odoo-await's two hard-coded paths.</summary>
    private static string PathOf(string body) =>
        body.Contains("<methodName>authenticate</methodName>", StringComparison.Ordinal) ? "/xmlrpc/2/common" : "/xmlrpc/2/object";

    /// <summary>
    /// The allowed calls of the script as JavaScript means them: a missing option (undefined) is an empty value, which
    /// Python, hence Odoo, reads as an empty string.
    /// </summary>
    private static XmlRpcCall[] MeantCalls(GatewayScenario scenario)
    {
        XmlRpcCall ExecuteKw(string method, XmlRpcArray args, XmlRpcStruct? kwargs = null) =>
            new("execute_kw", [S(scenario.Database), I(OdooTestData.AdminId), S(scenario.ApiKey), S("res.partner"), S(method), args, .. kwargs is null ? Array.Empty<XmlRpcValue>() : [kwargs]]);

        return
        [
            new("authenticate", [S(scenario.Database), S("admin"), S(scenario.ApiKey), Struct()]),
            ExecuteKw("search_read", A(A(A(S("is_company"), S("="), XmlRpcBoolean.True), A(S("id"), S("not in"), A(I(4294967296))))),
                Struct(("fields", A(S("name"), S("email"))), ("offset", S("")), ("limit", I(5)), ("order", S("")), ("context", S("")))),
            ExecuteKw("create", A(Struct(("name", S("Sidecar & npm <client>")), ("is_company", XmlRpcBoolean.False)))),
            ExecuteKw("write", A(I(CreatedId), Struct(("phone", S("+1 555 0100"))))),
            ExecuteKw("read", A(A(I(CreatedId))), Struct(("fields", A(S("name"), S("phone"))))),
            ExecuteKw("unlink", A(I(CreatedId))),
        ];
    }
}
