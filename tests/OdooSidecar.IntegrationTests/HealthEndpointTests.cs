using System.Net;
using OdooSidecar.Testing;

namespace OdooSidecar.IntegrationTests;

[Collection(PostgresTestGroup.Name)]
public sealed class HealthEndpointTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Ready_reports_healthy_when_policy_and_audit_work_and_live_always_answers()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);

        using var ready = await scenario.Client.GetAsync("/healthz/ready");
        using var live = await scenario.Client.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Ready_reports_unhealthy_when_the_policy_tables_are_missing()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);
        await scenario.Cluster.ExecuteAsync(scenario.Database, "ALTER TABLE mcp_enabled_model RENAME TO mcp_enabled_model_gone");
        await scenario.Cluster.ExecuteAsync(scenario.Database, "NOTIFY mcp_server_policy");

        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 100 && status == HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(20);
            using var ready = await scenario.Client.GetAsync("/healthz/ready");
            status = ready.StatusCode;
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }
}
