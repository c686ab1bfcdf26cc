using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.RateLimits;

[Collection(PostgresTestGroup.Name)]
public sealed class RateLimitTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Calls_over_the_per_minute_limit_get_fault_429_and_a_rate_limit_row()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, async data =>
        {
            await data.EnableModelAsync("res.partner");
            await data.SetParameterAsync("mcp_server.rate_limit_per_minute", "3");
        });
        var call = scenario.ExecuteKw("res.partner", "search", [new XmlRpcArray([])]);

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await scenario.PostAsync(call));
        }

        Assert.Equal([null, null, null, 429, 429], answers.Select(GatewayScenario.FaultCode));
        Assert.Contains("user 2 may make 3 calls per minute", answers[3], StringComparison.Ordinal);
        Assert.Equal(3, scenario.Odoo.Received.Count);
        var rows = await scenario.AuditRowsAsync(5);
        Assert.Equal(["model_access", "model_access", "model_access", "rate_limit", "rate_limit"], rows.Select(r => r["event_type"]));
    }

    [Fact]
    public async Task Raising_the_limit_in_odoo_settings_applies_without_restart()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, async data =>
        {
            await data.EnableModelAsync("res.partner");
            await data.SetParameterAsync("mcp_server.rate_limit_per_hour", "1");
        });
        var call = scenario.ExecuteKw("res.partner", "search", [new XmlRpcArray([])]);
        await scenario.PostAsync(call);
        Assert.Equal(429, GatewayScenario.FaultCode(await scenario.PostAsync(call)));

        await scenario.Data.SetParameterAsync("mcp_server.rate_limit_per_hour", "0");
        string answer;
        var deadline = DateTime.UtcNow.AddSeconds(2);
        do
        {
            answer = await scenario.PostAsync(call);
        }
        while (GatewayScenario.FaultCode(answer) is not null && DateTime.UtcNow < deadline);

        Assert.Null(GatewayScenario.FaultCode(answer));
    }
}
