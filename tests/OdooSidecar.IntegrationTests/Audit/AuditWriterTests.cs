using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.Audit;

[Collection(PostgresTestGroup.Name)]
public sealed class AuditWriterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Read_rows_wait_for_the_interval_until_a_full_batch_is_written_at_once()
    {
        var settings = new Dictionary<string, string?> { ["Audit:FlushInterval"] = "00:00:01", ["Audit:MaxBatch"] = "4" };
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"), settings);
        var read = scenario.ExecuteKw("res.partner", "search_count", [new XmlRpcArray([])]);

        for (var i = 0; i < 3; i++)
        {
            await scenario.PostAsync(read);
        }

        var beforeTheBatchFills = await scenario.ReadAuditRowsAsync();
        await scenario.PostAsync(read);
        var soonAfter = await scenario.AuditRowsAsync(4, TimeSpan.FromMilliseconds(400));

        Assert.Empty(beforeTheBatchFills);
        Assert.Equal(4, soonAfter.Count);
    }
}
