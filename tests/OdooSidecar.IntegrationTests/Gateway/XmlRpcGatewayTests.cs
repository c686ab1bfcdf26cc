using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.Gateway;

[Collection(PostgresTestGroup.Name)]
public sealed class XmlRpcGatewayTests(PostgresFixture postgres)
{
    private static readonly XmlRpcValue[] AllRecords = [new XmlRpcArray([])];

    [Fact]
    public async Task Allowed_read_reaches_odoo_as_the_canonical_call_and_the_answer_comes_back_unchanged()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));
        const string odooAnswer = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>7</int></value>\n</member>\n</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n";
        scenario.Odoo.Respond = _ => Task.FromResult(odooAnswer);
        var body = GatewayScenario.Utf8($"""
            <?xml version="1.0"?>
            <methodCall><methodName>execute_kw</methodName><params>
              <param><value>{scenario.Database}</value></param>
              <param><value><i4>2</i4></value></param>
              <param><value><string><![CDATA[{scenario.ApiKey}]]></string></value></param>
              <param><value>res.partner</value></param>
              <param><value><string>search_read</string></value></param>
              <param><value><array><data><value><array><data/></array></value></data></array></value></param>
              <param><value><struct>
                <member><name>limit</name><value><int> 5 </int></value></member>
                <member><name>order</name><value><ex:nil/></value></member>
              </struct></value></param>
            </params></methodCall>
            """);

        var answer = await scenario.PostAsync(body);

        Assert.Equal(odooAnswer, answer);
        var received = Assert.Single(scenario.Odoo.Received);
        Assert.Equal("/xmlrpc/2/object", received.Path);
        Assert.Equal(XmlRpcWriter.ToBytes(XmlRpcCallReader.Read(body)), received.Body);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal("model_access", row["event_type"]);
        Assert.Equal("success", row["outcome"]);
        Assert.Equal(OdooTestData.AdminId, row["user_id"]);
        Assert.Equal("agent key", row["api_key_used"]);
        Assert.Equal("/mcp/xmlrpc/object", row["endpoint"]);
        Assert.Equal("POST", row["http_method"]);
        Assert.Equal("object", row["service"]);
        Assert.Equal("search_read", row["method"]);
        Assert.Equal("res.partner", row["model_name"]);
        Assert.Equal("read", row["operation"]);
        Assert.Equal("127.0.0.1", row["ip_address"]);
        Assert.Contains("<redacted>", (string)row["request_data"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(scenario.ApiKey, (string)row["request_data"]!, StringComparison.Ordinal);
        Assert.Null(row["response_data"]);
        Assert.NotNull(row["duration_ms"]);
        Assert.NotNull(row["create_date"]);
    }

    [Theory]
    [InlineData("/mcp/xmlrpc/object")]
    [InlineData("/xmlrpc/2/object")]
    public async Task Call_on_a_model_that_is_not_enabled_never_reaches_odoo_and_leaves_one_denied_row(string path)
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));

        var answer = await scenario.PostAsync(scenario.ExecuteKw("res.users", "search_read", AllRecords), path);

        Assert.Equal(4, GatewayScenario.FaultCode(answer));
        Assert.Contains("res.users", answer, StringComparison.Ordinal);
        Assert.Contains("Search_read", answer, StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal("permission_denied", row["event_type"]);
        Assert.Equal("denied", row["outcome"]);
        Assert.Equal("res.users", row["model_name"]);
        Assert.Equal("4", row["error_code"]);
        Assert.Equal(path, row["endpoint"]);
    }

    [Fact]
    public async Task Write_on_a_read_only_model_is_refused_with_a_message_naming_model_and_method()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));

        var answer = await scenario.PostAsync(scenario.ExecuteKw("res.partner", "write", [new XmlRpcArray([new XmlRpcInteger(3)]), new XmlRpcStruct([new("name", new XmlRpcString("x"))])]));

        Assert.Equal(4, GatewayScenario.FaultCode(answer));
        Assert.Contains("Write on 'res.partner'", answer, StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
        Assert.Equal("3", Assert.Single(await scenario.AuditRowsAsync(1))["record_ids"]);
    }

    [Fact]
    public async Task Wrong_key_and_another_users_key_are_refused_with_fault_3_and_audited_as_auth_failures()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));
        var demoKey = await scenario.Data.CreateApiKeyAsync(OdooTestData.DemoId);

        var wrongKey = await scenario.PostAsync(scenario.ExecuteKw("res.partner", "search", AllRecords, key: scenario.ApiKey[..8] + new string('0', 32)));
        var someoneElses = await scenario.PostAsync(scenario.ExecuteKw("res.partner", "search", AllRecords, key: demoKey));

        Assert.Equal(3, GatewayScenario.FaultCode(wrongKey));
        Assert.Equal(3, GatewayScenario.FaultCode(someoneElses));
        Assert.Empty(scenario.Odoo.Received);
        var rows = await scenario.AuditRowsAsync(2);
        Assert.All(rows, row => Assert.Equal("auth_failure", row["event_type"]));
        Assert.Null(rows[0]["user_id"]);
        Assert.Equal(OdooTestData.DemoId, rows[1]["user_id"]);
    }

    [Fact]
    public async Task Valid_key_of_a_user_outside_the_mcp_user_group_is_refused_with_an_access_error()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));
        var demoKey = await scenario.Data.CreateApiKeyAsync(OdooTestData.DemoId);

        var answer = await scenario.PostAsync(scenario.ExecuteKw("res.partner", "search", AllRecords, key: demoKey, uid: OdooTestData.DemoId));

        Assert.Equal(4, GatewayScenario.FaultCode(answer));
        Assert.Contains("User 'demo' is not in the \"MCP User\" group", answer, StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal(OdooTestData.DemoId, row["user_id"]);
        Assert.Equal("permission_denied", row["event_type"]);
    }

    [Fact]
    public async Task Mutating_call_is_committed_as_pending_before_odoo_sees_it_and_completed_after()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner", create: true));
        long pendingWhenOdooWasCalled = -1;
        scenario.Odoo.Respond = async _ =>
        {
            pendingWhenOdooWasCalled = await scenario.Data.ScalarAsync<long>("SELECT count(*) FROM mcp_log WHERE outcome = 'pending' AND method = 'create'");
            return LoopbackOdoo.OkResponse.Replace("<string>ok</string>", "<int>42</int>", StringComparison.Ordinal);
        };

        var answer = await scenario.PostAsync(scenario.ExecuteKw("res.partner", "create", [new XmlRpcStruct([new("name", new XmlRpcString("Ada"))])]));

        Assert.Null(GatewayScenario.FaultCode(answer));
        Assert.Equal(1, pendingWhenOdooWasCalled);
        var row = await WaitForOutcomeAsync(scenario);
        Assert.Equal("write_operation", row["event_type"]);
        Assert.Equal("success", row["outcome"]);
        Assert.Equal("create", row["operation"]);
        Assert.Contains("<int>42</int>", (string)row["response_data"]!, StringComparison.Ordinal);
        Assert.Equal("42", row["record_ids"]);
    }

    [Fact]
    public async Task Odoo_fault_cannot_marshal_none_after_a_write_is_recorded_as_success()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner", write: true, methods: true));
        scenario.Odoo.Respond = _ => Task.FromResult("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>1</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>Traceback (most recent call last):\nTypeError: cannot marshal None unless allow_none is enabled\n</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n");

        await scenario.PostAsync(scenario.ExecuteKw("res.partner", "action_archive", [new XmlRpcArray([new XmlRpcInteger(9)])]));

        var row = await WaitForOutcomeAsync(scenario);
        Assert.Equal("success", row["outcome"]);
        Assert.Equal("write", row["operation"]);
        Assert.Contains("cannot marshal None", (string)row["error_message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nested_x2many_commands_need_every_comodel_enabled_for_what_they_do()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, async data =>
        {
            await data.EnableModelAsync("sale.order", create: true);
            await data.EnableModelAsync("sale.order.line", create: true);
            await data.EnableModelAsync("account.tax");
        });
        var order = new XmlRpcStruct([new("order_line", new XmlRpcArray([new XmlRpcArray([new XmlRpcInteger(0), new XmlRpcInteger(0), new XmlRpcStruct(
        [
            new("name", new XmlRpcString("line")),
            new("tax_id", new XmlRpcArray([new XmlRpcArray([new XmlRpcBoolean(false), new XmlRpcInteger(0), new XmlRpcStruct([new("name", new XmlRpcString("VAT"))])])])),
        ])])]))]);

        var refused = await scenario.PostAsync(scenario.ExecuteKw("sale.order", "create", [order]));
        await scenario.Data.EnableModelAsync("account.tax", create: true);
        await Task.Delay(500);
        var allowed = await scenario.PostAsync(scenario.ExecuteKw("sale.order", "create", [order]));

        Assert.Equal(4, GatewayScenario.FaultCode(refused));
        Assert.Contains("order_line.tax_id", refused, StringComparison.Ordinal);
        Assert.Contains("account.tax", refused, StringComparison.Ordinal);
        Assert.Null(GatewayScenario.FaultCode(allowed));
        Assert.Single(scenario.Odoo.Received);
    }

    [Theory]
    [InlineData("", "Root element is missing")]
    [InlineData("<methodCall><methodName>execute_kw</methodName><params><param><value><int>x</int></value></param></params></methodCall>", "Bad &lt;int&gt; value")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><methodCall><methodName>&lol;</methodName></methodCall>", "DTD")]
    [InlineData("<methodCall><methodName>execute_kw</methodName><params><param><value><string>db</string></value></param></params></methodCall>", "object.execute_kw takes")]
    public async Task Malformed_bodies_get_a_clear_fault_and_an_error_row_and_never_reach_odoo(string body, string expectedMessage)
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        var answer = await scenario.PostAsync(GatewayScenario.Utf8(body));

        Assert.Equal(1, GatewayScenario.FaultCode(answer));
        Assert.Contains(expectedMessage, answer, StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal("error", row["event_type"]);
        Assert.Equal("error", row["outcome"]);
    }

    [Fact]
    public async Task Unknown_service_gets_a_fault_and_an_error_row()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        var answer = await scenario.PostAsync(new XmlRpcCall("version", []), "/mcp/xmlrpc/report");

        Assert.Equal(1, GatewayScenario.FaultCode(answer));
        Assert.Contains("Unknown XML-RPC service", answer, StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal("/mcp/xmlrpc/report", row["endpoint"]);
        Assert.Equal("error", row["outcome"]);
    }

    [Fact]
    public async Task Body_over_the_size_cap_is_refused_before_parsing()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, settings: new Dictionary<string, string?> { ["Gateway:MaxBodyBytes"] = "2048" });
        var call = scenario.ExecuteKw("res.partner", "search", [new XmlRpcArray([new XmlRpcString(new string('x', 4096))])]);

        var answer = await scenario.PostAsync(call);

        Assert.Equal(1, GatewayScenario.FaultCode(answer));
        Assert.Contains("larger than the 2048 bytes", answer, StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
    }

    [Fact]
    public async Task Odoo_down_gives_a_clear_fault_and_an_error_outcome()
    {
        var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));
        await using (scenario)
        {
            await scenario.Odoo.DisposeAsync();

            var answer = await scenario.PostAsync(scenario.ExecuteKw("res.partner", "search", AllRecords));

            Assert.Equal(1, GatewayScenario.FaultCode(answer));
            Assert.Contains("Odoo is unreachable", answer, StringComparison.Ordinal);
            var row = Assert.Single(await scenario.AuditRowsAsync(1));
            Assert.Equal("error", row["outcome"]);
        }
    }

    [Fact]
    public async Task Odoo_slower_than_the_timeout_gives_a_clear_fault()
    {
        await using var scenario = await GatewayScenario.StartAsync(
            postgres.Cluster,
            data => data.EnableModelAsync("res.partner"),
            new Dictionary<string, string?> { ["Odoo:Timeout"] = "00:00:01" });
        scenario.Odoo.Respond = async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            return LoopbackOdoo.OkResponse;
        };

        var answer = await scenario.PostAsync(scenario.ExecuteKw("res.partner", "search", AllRecords));

        Assert.Equal(1, GatewayScenario.FaultCode(answer));
        Assert.Contains("Odoo did not answer in time", answer, StringComparison.Ordinal);
        Assert.Equal("error", Assert.Single(await scenario.AuditRowsAsync(1))["outcome"]);
    }

    [Fact]
    public async Task Database_that_is_not_served_is_refused_without_touching_it()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));
        var call = scenario.ExecuteKw("res.partner", "search", AllRecords);
        var otherDatabase = call with { Params = [new XmlRpcString("other_company"), .. call.Params.Skip(1)] };

        var answer = await scenario.PostAsync(otherDatabase);

        Assert.Equal(4, GatewayScenario.FaultCode(answer));
        Assert.Contains("'other_company' is not served", answer, StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
    }

    [Fact]
    public async Task Common_version_and_db_list_are_forwarded_while_database_administration_is_refused()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        var version = await scenario.PostAsync(new XmlRpcCall("version", []), "/mcp/xmlrpc/common");
        var list = await scenario.PostAsync(new XmlRpcCall("list", []), "/mcp/xmlrpc/db");
        var drop = await scenario.PostAsync(new XmlRpcCall("drop", [new XmlRpcString("master"), new XmlRpcString(scenario.Database)]), "/mcp/xmlrpc/db");

        Assert.Null(GatewayScenario.FaultCode(version));
        Assert.Null(GatewayScenario.FaultCode(list));
        Assert.Equal(4, GatewayScenario.FaultCode(drop));
        Assert.Equal(["/xmlrpc/2/common", "/xmlrpc/2/db"], scenario.Odoo.Received.Select(r => r.Path));
        var rows = await scenario.AuditRowsAsync(3);
        Assert.Equal(["resource_retrieval", "resource_retrieval", "permission_denied"], rows.Select(r => r["event_type"]));
        Assert.DoesNotContain("master", (string)rows[2]["request_data"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_with_the_users_key_is_forwarded_and_with_someone_elses_answers_false_like_odoo()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);
        XmlRpcValue[] Login(string login) => [new XmlRpcString(scenario.Database), new XmlRpcString(login), new XmlRpcString(scenario.ApiKey), new XmlRpcStruct([])];

        var admin = await scenario.PostAsync(new XmlRpcCall("authenticate", Login("admin")), "/mcp/xmlrpc/common");
        var demo = await scenario.PostAsync(new XmlRpcCall("authenticate", Login("demo")), "/mcp/xmlrpc/common");

        Assert.Null(GatewayScenario.FaultCode(admin));
        Assert.Contains("<boolean>0</boolean>", demo, StringComparison.Ordinal);
        Assert.Null(GatewayScenario.FaultCode(demo));
        Assert.Single(scenario.Odoo.Received);
        var rows = await scenario.AuditRowsAsync(2);
        Assert.Equal(["auth_success", "auth_failure"], rows.Select(r => r["event_type"]));
    }

    private static async Task<Dictionary<string, object?>> WaitForOutcomeAsync(GatewayScenario scenario)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var row = (await scenario.ReadAuditRowsAsync()).Single();
            if (row["outcome"] as string != "pending" || DateTime.UtcNow > deadline)
            {
                return row;
            }

            await Task.Delay(20);
        }
    }
}
