using System.Diagnostics;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.Resilience;

/// <summary>Stops PostgreSQL under a running sidecar; uses its own cluster so other tests keep theirs.</summary>
public sealed class PostgresOutageTests
{
    private static readonly XmlRpcValue[] AllRecords = [new XmlRpcArray([])];

    [Fact]
    public async Task Stopped_postgres_means_refusals_not_forwarding_and_service_resumes_when_it_returns()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        await using var scenario = await GatewayScenario.StartAsync(cluster, data => data.EnableModelAsync("res.partner", write: true));
        var read = scenario.ExecuteKw("res.partner", "search", AllRecords);
        var write = scenario.ExecuteKw("res.partner", "write", [new XmlRpcArray([new XmlRpcInteger(1)]), new XmlRpcStruct([new("name", new XmlRpcString("x"))])]);
        Assert.Null(GatewayScenario.FaultCode(await scenario.PostAsync(read)));
        var forwardedBefore = scenario.Odoo.Received.Count;

        await cluster.StopServerAsync();
        var writeDuringOutage = await scenario.PostAsync(write);
        var readRefusedAfter = await TimeUntilAsync(() => scenario.PostAsync(read), answer => GatewayScenario.FaultCode(answer) == 1);
        var forwardedAfterRefusal = scenario.Odoo.Received.Count;
        var laterRead = await scenario.PostAsync(read);

        Assert.Equal(1, GatewayScenario.FaultCode(writeDuringOutage));
        Assert.Contains("cannot check this call", writeDuringOutage, StringComparison.Ordinal);
        Assert.True(readRefusedAfter < TimeSpan.FromSeconds(1), $"reads were refused only after {readRefusedAfter}");
        Assert.Equal(1, GatewayScenario.FaultCode(laterRead));
        Assert.Equal(forwardedAfterRefusal, scenario.Odoo.Received.Count);
        Assert.DoesNotContain(scenario.Odoo.Received.Skip(forwardedBefore), r => r.Text.Contains("<string>write</string>", StringComparison.Ordinal));

        await cluster.StartServerAsync();
        await TimeUntilAsync(() => scenario.PostAsync(read), answer => GatewayScenario.FaultCode(answer) is null);
        var forwarded = scenario.Odoo.Received.Count;
        Assert.Equal(forwarded, await SuccessRowsAsync(scenario, forwarded));
    }

    /// <summary>
    /// The number of success rows once <paramref name="expected"/> are committed (or after 5 s). Waiting on the total
    /// row count is not enough: refusal rows kept during the outage can be committed before the last read's row.
    /// </summary>
    private static async Task<int> SuccessRowsAsync(GatewayScenario scenario, int expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var successes = (await scenario.ReadAuditRowsAsync()).Count(r => r["outcome"] as string == "success");
            if (successes >= expected || clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                return successes;
            }

            await Task.Delay(20);
        }
    }

    private static async Task<TimeSpan> TimeUntilAsync(Func<Task<string>> post, Func<string, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (!done(await post()))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException("condition not reached after 15 s");
            }

            await Task.Delay(10);
        }

        return clock.Elapsed;
    }
}
