using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OdooSidecar.Rest;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;
using static OdooSidecar.IntegrationTests.Rest.RestAnswers;

namespace OdooSidecar.IntegrationTests.Rest;

[Collection(PostgresTestGroup.Name)]
public sealed class RestApiTests(PostgresFixture postgres)
{
    private const string AuthenticationRequired = "Authentication required. Provide a valid API key (X-API-Key header).";
    private static readonly string Version = RestApi.McpServerVersion;

    [Fact]
    public async Task Health_answers_ok_with_the_server_version_without_a_key_and_writes_no_audit_row()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        using var response = await scenario.Client.GetRestAsync("/mcp/health");

        await AssertEnvelopeAsync(response, HttpStatusCode.OK, $$$"""{"success":true,"data":{"status":"ok","mcp_server_version":"{{{Version}}}"}}""");
        await Task.Delay(300);
        Assert.Empty(await scenario.ReadAuditRowsAsync());
    }

    [Fact]
    public async Task Health_answers_503_when_the_global_switch_is_off()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.SetParameterAsync("mcp_server.enabled", "False"));

        using var response = await scenario.Client.GetRestAsync("/mcp/health");

        await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "MCP Server is disabled globally.");
    }

    [Fact]
    public async Task Health_answers_503_when_the_policy_cannot_be_loaded()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);
        await scenario.Cluster.ExecuteAsync(scenario.Database, "ALTER TABLE mcp_enabled_model RENAME TO mcp_enabled_model_gone; NOTIFY mcp_server_policy;");

        var response = await UntilAsync(() => scenario.Client.GetRestAsync("/mcp/health"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);

        await AssertErrorStartingWithAsync(response, HttpStatusCode.ServiceUnavailable, "OdooSidecar cannot check this call right now: ");
        response.Dispose();
    }

    [Fact]
    public async Task Validate_answers_the_key_owner_and_records_an_auth_success_without_the_key()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        using var response = await scenario.Client.GetRestAsync("/mcp/auth/validate", scenario.ApiKey);

        await AssertEnvelopeAsync(response, HttpStatusCode.OK, """{"success":true,"data":{"valid":true,"user_id":2,"auth_method":"api_key"}}""");
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal("auth_success", row["event_type"]);
        Assert.Equal("success", row["outcome"]);
        Assert.Equal(OdooTestData.AdminId, row["user_id"]);
        Assert.Equal("agent key", row["api_key_used"]);
        Assert.Equal("/mcp/auth/validate", row["endpoint"]);
        Assert.Equal("GET", row["http_method"]);
        Assert.Equal("Python-urllib/3.11", row["user_agent"]);
        Assert.Equal("127.0.0.1", row["ip_address"]);
        Assert.NotNull(row["duration_ms"]);
        Assert.DoesNotContain(row.Values, value => value is string text && text.Contains(scenario.ApiKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "no X-API-Key header")]
    [InlineData("0123456789abcdef0123456789abcdef01234567", "not a valid API key")]
    public async Task Validate_without_a_valid_key_answers_401_and_records_an_auth_failure(string? key, string recorded)
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        using var response = await scenario.Client.GetRestAsync("/mcp/auth/validate", key);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, AuthenticationRequired);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal("auth_failure", row["event_type"]);
        Assert.Equal("denied", row["outcome"]);
        Assert.Null(row["user_id"]);
        Assert.Equal("E401", row["error_code"]);
        Assert.Contains(recorded, (string)row["error_message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_outside_the_mcp_user_group_gets_403_on_every_authenticated_route()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));
        var demoKey = await scenario.Data.CreateApiKeyAsync(OdooTestData.DemoId, "demo key");

        foreach (var path in new[] { "/mcp/auth/validate", "/mcp/models", "/mcp/models/res.partner/access", "/mcp/system/info" })
        {
            using var response = await scenario.Client.GetRestAsync(path, demoKey);
            await AssertErrorAsync(response, HttpStatusCode.Forbidden,
                "User 'demo' is not in the \"MCP User\" group: ask an administrator to add them in Odoo (Settings > Users).");
        }

        var rows = await scenario.AuditRowsAsync(4);
        Assert.All(rows, row => Assert.Equal(("permission_denied", "denied", (object?)OdooTestData.DemoId), (row["event_type"], row["outcome"], row["user_id"])));
        Assert.Empty(scenario.Odoo.Received);
    }

    [Fact]
    public async Task A_valid_key_still_gets_503_when_the_global_switch_is_off()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.SetParameterAsync("mcp_server.enabled", "False"));

        using var validate = await scenario.Client.GetRestAsync("/mcp/auth/validate", scenario.ApiKey);
        using var wrongKey = await scenario.Client.GetRestAsync("/mcp/auth/validate", "wrong-key-0123456789");

        await AssertErrorAsync(validate, HttpStatusCode.ServiceUnavailable, "MCP Server is disabled globally.");
        await AssertErrorAsync(wrongKey, HttpStatusCode.Unauthorized, AuthenticationRequired);
    }

    [Fact]
    public async Task Models_lists_the_enabled_models_with_their_names_and_leaves_out_denylisted_rows()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, async data =>
        {
            await data.EnableModelAsync("sale.order");
            await data.EnableModelAsync("res.partner", read: false, write: true);
            await data.EnableModelAsync("res.users.apikeys");
        });

        using var response = await scenario.Client.GetRestAsync("/mcp/models", scenario.ApiKey);

        await AssertEnvelopeAsync(response, HttpStatusCode.OK,
            """{"success":true,"data":{"models":[{"model":"res.partner","name":"Contact"},{"model":"sale.order","name":"Sales Order"}]}}""");
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal(("resource_retrieval", "success", "/mcp/models"), (row["event_type"], row["outcome"], row["endpoint"]));
    }

    [Fact]
    public async Task Models_is_an_empty_list_when_nothing_is_enabled()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        using var response = await scenario.Client.GetRestAsync("/mcp/models", scenario.ApiKey);

        await AssertEnvelopeAsync(response, HttpStatusCode.OK, """{"success":true,"data":{"models":[]}}""");
    }

    [Fact]
    public async Task Access_of_an_enabled_model_lists_its_four_operations_and_is_recorded_as_model_access()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner", read: true, write: true, unlink: true, methods: true));

        using var response = await scenario.Client.GetRestAsync("/mcp/models/res.partner/access", scenario.ApiKey);

        await AssertEnvelopeAsync(response, HttpStatusCode.OK,
            """{"success":true,"data":{"model":"res.partner","enabled":true,"operations":{"read":true,"create":false,"write":true,"unlink":true}}}""");
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal(("model_access", "success", "res.partner", (object?)OdooTestData.AdminId), (row["event_type"], row["outcome"], row["model_name"], row["user_id"]));
    }

    [Theory]
    [InlineData("/mcp/models/res%20partner/access", HttpStatusCode.BadRequest, "Invalid model name format: res partner", "error")]
    [InlineData("/mcp/models/res.partner%3B--/access", HttpStatusCode.BadRequest, "Invalid model name format: res.partner;--", "error")]
    [InlineData("/mcp/models/no.such.model/access", HttpStatusCode.NotFound, "Model 'no.such.model' not found in Odoo instance.", "model_access")]
    [InlineData("/mcp/models/sale.order/access", HttpStatusCode.Forbidden, "Model 'sale.order' is not enabled for MCP access.", "permission_denied")]
    [InlineData("/mcp/models/res.users.apikeys/access", HttpStatusCode.Forbidden, "Model 'res.users.apikeys' is not enabled for MCP access.", "permission_denied")]
    public async Task Access_refuses_malformed_unknown_disabled_and_denylisted_models(string path, HttpStatusCode status, string message, string eventType)
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, async data =>
        {
            await data.EnableModelAsync("res.partner");
            await data.EnableModelAsync("res.users.apikeys");
        });

        using var response = await scenario.Client.GetRestAsync(path, scenario.ApiKey);

        await AssertErrorAsync(response, status, message);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal((eventType, $"E{(int)status}"), (row["event_type"], row["error_code"]));
    }

    [Fact]
    public async Task System_info_combines_the_policy_with_odoos_version_and_the_users_language_and_time_zone()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, async data =>
        {
            await data.EnableModelAsync("res.partner");
            await data.EnableModelAsync("sale.order");
        });
        scenario.Odoo.Respond = request => Task.FromResult(request.Path == "/xmlrpc/2/common"
            ? OdooAnswers.Version
            : OdooAnswers.Struct(("lang", "<string>es_ES</string>"), ("tz", "<string>Europe/Madrid</string>"), ("uid", "<int>2</int>")));

        using var response = await scenario.Client.GetRestAsync("/mcp/system/info", scenario.ApiKey);

        await AssertEnvelopeAsync(response, HttpStatusCode.OK,
            $$$"""{"success":true,"data":{"db_name":"{{{scenario.Database}}}","odoo_version":"17.0","language":"es_ES","enabled_mcp_models":2,"mcp_server_version":"{{{Version}}}","server_timezone":"Europe/Madrid"}}""");
        var received = scenario.Odoo.Received.ToArray();
        Assert.Equal(["/xmlrpc/2/common", "/xmlrpc/2/object"], received.Select(r => r.Path));
        Assert.Equal("version", XmlRpcCallReader.Read(received[0].Body).MethodName);
        var contextGet = XmlRpcCallReader.Read(received[1].Body);
        Assert.Equal(
            [scenario.Database, "2", scenario.ApiKey, "res.users", "context_get", "[]", "{}"],
            contextGet.Params.Select(p => p.ToDisplayString()));
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal(("resource_retrieval", "success", "/mcp/system/info"), (row["event_type"], row["outcome"], row["endpoint"]));
    }

    [Fact]
    public async Task System_info_falls_back_to_en_US_and_UTC_when_the_user_has_neither()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);
        scenario.Odoo.Respond = request => Task.FromResult(request.Path == "/xmlrpc/2/common"
            ? OdooAnswers.Version
            : OdooAnswers.Struct(("lang", "<boolean>0</boolean>"), ("tz", "<boolean>0</boolean>"), ("uid", "<int>2</int>")));

        using var response = await scenario.Client.GetRestAsync("/mcp/system/info", scenario.ApiKey);

        await AssertEnvelopeAsync(response, HttpStatusCode.OK,
            $$$"""{"success":true,"data":{"db_name":"{{{scenario.Database}}}","odoo_version":"17.0","language":"en_US","enabled_mcp_models":0,"mcp_server_version":"{{{Version}}}","server_timezone":"UTC"}}""");
    }

    [Fact]
    public async Task System_info_answers_503_when_odoo_answers_a_fault_and_records_the_error()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);
        scenario.Odoo.Respond = _ => Task.FromResult(OdooAnswers.Fault(1, "boom"));

        using var response = await scenario.Client.GetRestAsync("/mcp/system/info", scenario.ApiKey);

        await AssertErrorAsync(response, HttpStatusCode.ServiceUnavailable, "Odoo did not answer the sidecar's questions about its version and the user's settings.");
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal(("error", "error", "E503"), (row["event_type"], row["outcome"], row["error_code"]));
        Assert.Contains("boom", (string)row["error_message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_served_database_named_in_the_header_is_used_for_the_key_the_policy_and_the_audit_row()
    {
        await using var world = await TwoDatabases.StartAsync(postgres.Cluster);
        await world.First.EnableModelAsync("res.partner");
        await world.Second.EnableModelAsync("sale.order");
        await world.WaitUntilAsync(world.First.Database, policy => policy.EnabledModels.Count > 0);
        await world.WaitUntilAsync(world.Second.Database, policy => policy.EnabledModels.Count > 0);

        using var validate = await world.Client.GetRestAsync("/mcp/auth/validate", world.SecondKey, world.Second.Database);
        using var models = await world.Client.GetRestAsync("/mcp/models", world.SecondKey, world.Second.Database);
        using var keyOfTheFirst = await world.Client.GetRestAsync("/mcp/auth/validate", world.FirstKey, world.Second.Database);
        using var defaultModels = await world.Client.GetRestAsync("/mcp/models", world.FirstKey);

        await AssertEnvelopeAsync(validate, HttpStatusCode.OK, """{"success":true,"data":{"valid":true,"user_id":2,"auth_method":"api_key"}}""");
        await AssertEnvelopeAsync(models, HttpStatusCode.OK, """{"success":true,"data":{"models":[{"model":"sale.order","name":"Sales Order"}]}}""");
        await AssertErrorAsync(keyOfTheFirst, HttpStatusCode.Unauthorized, AuthenticationRequired);
        await AssertEnvelopeAsync(defaultModels, HttpStatusCode.OK, """{"success":true,"data":{"models":[{"model":"res.partner","name":"Contact"}]}}""");
        Assert.Equal(["auth_success", "resource_retrieval", "auth_failure"], await EventTypesAsync(postgres.Cluster, world.Second.Database, 3));
        Assert.Equal(["resource_retrieval"], await EventTypesAsync(postgres.Cluster, world.First.Database, 1));
    }

    [Fact]
    public async Task A_served_database_left_out_of_the_allowed_databases_setting_is_refused_with_403()
    {
        await using var world = await TwoDatabases.StartAsync(postgres.Cluster);
        await world.Second.SetParameterAsync("mcp_server.allowed_databases", "some_other_db");
        await world.WaitUntilAsync(world.Second.Database, policy => policy.AllowedDatabases.Count > 0);

        using var response = await world.Client.GetRestAsync("/mcp/auth/validate", world.SecondKey, world.Second.Database);

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, $"Database '{world.Second.Database}' is not served to AI agents.");
    }

    [Fact]
    public async Task A_database_that_is_not_served_is_refused_with_403_and_recorded_in_the_default_database()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        using var response = await scenario.Client.GetRestAsync("/mcp/auth/validate", scenario.ApiKey, "postgres");
        using var health = await scenario.Client.GetRestAsync("/mcp/health", database: "postgres");

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "Database 'postgres' is not served to AI agents.");
        await AssertErrorAsync(health, HttpStatusCode.Forbidden, "Database 'postgres' is not served to AI agents.");
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal(("permission_denied", "denied", "E403"), (row["event_type"], row["outcome"], row["error_code"]));
    }

    [Fact]
    public async Task Reads_are_not_recorded_when_logging_is_off_but_authentications_and_refusals_are()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, async data =>
        {
            await data.EnableModelAsync("res.partner");
            await data.SetParameterAsync("mcp_server.enable_logging", "False");
        });

        (await scenario.Client.GetRestAsync("/mcp/models", scenario.ApiKey)).Dispose();
        (await scenario.Client.GetRestAsync("/mcp/models/res.partner/access", scenario.ApiKey)).Dispose();
        (await scenario.Client.GetRestAsync("/mcp/auth/validate", scenario.ApiKey)).Dispose();
        (await scenario.Client.GetRestAsync("/mcp/models/sale.order/access", scenario.ApiKey)).Dispose();

        var rows = await scenario.AuditRowsAsync(2);
        await Task.Delay(300);
        Assert.Equal(["auth_success", "permission_denied"], (await scenario.ReadAuditRowsAsync()).Select(r => (string)r["event_type"]!));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Rest_calls_are_refused_with_503_while_the_audit_store_fails_and_served_again_when_it_recovers()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);
        await scenario.Cluster.ExecuteAsync(scenario.Database, "ALTER TABLE mcp_log RENAME TO mcp_log_gone");

        var refused = await UntilAsync(() => scenario.Client.GetRestAsync("/mcp/auth/validate", scenario.ApiKey), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        using var health = await scenario.Client.GetRestAsync("/mcp/health");
        await AssertErrorStartingWithAsync(refused, HttpStatusCode.ServiceUnavailable, "OdooSidecar cannot check this call right now: ");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        refused.Dispose();

        await scenario.Cluster.ExecuteAsync(scenario.Database, "ALTER TABLE mcp_log_gone RENAME TO mcp_log");
        (await UntilAsync(() => scenario.Client.GetRestAsync("/mcp/auth/validate", scenario.ApiKey), r => r.StatusCode == HttpStatusCode.OK)).Dispose();
    }

    [Fact]
    public async Task Only_get_is_served_on_the_rest_routes()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        using var post = await scenario.Client.PostAsync("/mcp/health", new StringContent(string.Empty));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    private static async Task<HttpResponseMessage> UntilAsync(Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await send();
            if (done(response))
            {
                return response;
            }

            response.Dispose();
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("condition not reached after 10 s");
            }

            await Task.Delay(20);
        }
    }

    private static async Task<IReadOnlyList<string>> EventTypesAsync(PostgresCluster cluster, string database, int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString(database) + ";Pooling=false");
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT event_type FROM mcp_log ORDER BY id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            if (rows.Count >= count || clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                return rows;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Two seeded Odoo databases served by one sidecar: the connection string's (first) and a second one.</summary>
    private sealed class TwoDatabases : IAsyncDisposable
    {
        private TwoDatabases(OdooTestData first, OdooTestData second, string firstKey, string secondKey, LoopbackOdoo odoo, SidecarHost sidecar)
        {
            (First, Second, FirstKey, SecondKey, Odoo, Sidecar) = (first, second, firstKey, secondKey, odoo, sidecar);
            Client = new HttpClient { BaseAddress = sidecar.Address };
        }

        public OdooTestData First { get; }

        public OdooTestData Second { get; }

        public string FirstKey { get; }

        public string SecondKey { get; }

        public LoopbackOdoo Odoo { get; }

        public SidecarHost Sidecar { get; }

        public HttpClient Client { get; }

        public static async Task<TwoDatabases> StartAsync(PostgresCluster cluster)
        {
            var first = new OdooTestData(cluster, await cluster.CreateOdooDatabaseAsync());
            var second = new OdooTestData(cluster, await cluster.CreateOdooDatabaseAsync());
            await first.SeedAsync();
            await second.SeedAsync();
            var firstKey = await first.CreateApiKeyAsync(OdooTestData.AdminId, "first key");
            var secondKey = await second.CreateApiKeyAsync(OdooTestData.AdminId, "second key");
            var odoo = await LoopbackOdoo.StartAsync();
            var sidecar = await SidecarHost.StartAsync(odoo.Address, cluster.ConnectionString(first.Database), new Dictionary<string, string?>
            {
                ["Odoo:AllowedDatabases:0"] = first.Database,
                ["Odoo:AllowedDatabases:1"] = second.Database,
            });
            await sidecar.WaitForPolicyAsync(second.Database, TimeSpan.FromSeconds(10));
            return new TwoDatabases(first, second, firstKey, secondKey, odoo, sidecar);
        }

        /// <summary>Waits until the policy of <paramref name="database"/> meets <paramref name="condition"/>.</summary>
        public async Task WaitUntilAsync(string database, Func<OdooSidecar.Policy.PolicySnapshot, bool> condition)
        {
            var store = Sidecar.Services.GetRequiredService<OdooSidecar.Policy.PolicyStore>();
            var clock = Stopwatch.StartNew();
            while (store.Current(database, out _) is not { } policy || !condition(policy))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new TimeoutException($"the policy of {database} did not change");
                }

                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Sidecar.DisposeAsync();
            await Odoo.DisposeAsync();
        }
    }
}
