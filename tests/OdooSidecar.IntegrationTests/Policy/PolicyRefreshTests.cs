using System.Diagnostics;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.Policy;

[Collection(PostgresTestGroup.Name)]
public sealed class PolicyRefreshTests(PostgresFixture postgres)
{
    private static readonly XmlRpcValue[] AllRecords = [new XmlRpcArray([])];

    [Fact]
    public async Task Enabling_and_disabling_a_model_through_sql_takes_effect_within_a_second_without_restart()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster);
        var call = scenario.ExecuteKw("res.partner", "search", AllRecords);
        Assert.Equal(4, GatewayScenario.FaultCode(await scenario.PostAsync(call)));

        await scenario.Data.EnableModelAsync("res.partner");
        var enabledAfter = await TimeUntilAsync(scenario, call, faultCode: null);

        await scenario.Cluster.ExecuteAsync(scenario.Database, "UPDATE mcp_enabled_model SET active = false");
        var disabledAfter = await TimeUntilAsync(scenario, call, faultCode: 4);

        Assert.True(enabledAfter < TimeSpan.FromSeconds(1), $"enabling took {enabledAfter}");
        Assert.True(disabledAfter < TimeSpan.FromSeconds(1), $"disabling took {disabledAfter}");
    }

    [Fact]
    public async Task Turning_the_global_switch_off_refuses_every_call_within_a_second()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"));
        var call = scenario.ExecuteKw("res.partner", "search", AllRecords);
        Assert.Null(GatewayScenario.FaultCode(await scenario.PostAsync(call)));

        await scenario.Data.SetParameterAsync("mcp_server.enabled", "False");
        var refusedAfter = await TimeUntilAsync(scenario, call, faultCode: 4);

        Assert.True(refusedAfter < TimeSpan.FromSeconds(1), $"switching off took {refusedAfter}");
        Assert.Contains("switched off", await scenario.PostAsync(call), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_key_stops_working_within_the_key_cache_ttl()
    {
        await using var scenario = await GatewayScenario.StartAsync(
            postgres.Cluster,
            data => data.EnableModelAsync("res.partner"),
            new Dictionary<string, string?> { ["Identity:KeyCacheTtl"] = "00:00:00.500" });
        var call = scenario.ExecuteKw("res.partner", "search", AllRecords);
        Assert.Null(GatewayScenario.FaultCode(await scenario.PostAsync(call)));

        await scenario.Cluster.ExecuteAsync(scenario.Database, "DELETE FROM res_users_apikeys");
        var refusedAfter = await TimeUntilAsync(scenario, call, faultCode: 3);

        Assert.True(refusedAfter < TimeSpan.FromSeconds(1.5), $"revocation took {refusedAfter}");
    }

    private static async Task<TimeSpan> TimeUntilAsync(GatewayScenario scenario, XmlRpcCall call, int? faultCode)
    {
        var clock = Stopwatch.StartNew();
        while (GatewayScenario.FaultCode(await scenario.PostAsync(call)) != faultCode)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException($"still not fault {faultCode?.ToString() ?? "none"} after 10 s");
            }

            await Task.Delay(10);
        }

        return clock.Elapsed;
    }
}
