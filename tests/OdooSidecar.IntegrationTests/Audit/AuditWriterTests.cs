using System.Diagnostics;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.Audit;

[Collection(PostgresTestGroup.Name)]
public sealed class AuditWriterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Read_rows_wait_for_the_interval_until_a_full_batch_is_written_at_once()
    {
        var interval = TimeSpan.FromSeconds(1);
        var settings = new Dictionary<string, string?> { ["Audit:FlushInterval"] = interval.ToString(), ["Audit:MaxBatch"] = "4" };
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"), settings);
        var read = scenario.ExecuteKw("res.partner", "search_count", [new XmlRpcArray([])]);

        await scenario.PostAsync(read);
        var sinceTheFirstRow = Stopwatch.StartNew();
        await scenario.PostAsync(read);
        await scenario.PostAsync(read);
        var beforeTheBatchFills = await scenario.ReadAuditRowsAsync();
        await scenario.PostAsync(read);
        var rows = await scenario.AuditRowsAsync(4);
        var committedAfter = sinceTheFirstRow.Elapsed;

        Assert.Empty(beforeTheBatchFills);
        Assert.Equal(4, rows.Count);

        // Without the early write the rows would wait until the interval after the first one had passed.
        Assert.True(committedAfter < interval * 0.9, $"The full batch was committed {committedAfter.TotalMilliseconds:F0} ms after the first row.");
    }
}
