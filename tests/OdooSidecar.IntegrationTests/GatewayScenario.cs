using System.Text;
using System.Text.RegularExpressions;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests;

/// <summary>
/// One test's world: a fresh Odoo database with seed data and an API key for the admin, a loopback Odoo that records
/// what it receives, and the real sidecar between them.
/// </summary>
public sealed partial class GatewayScenario : IAsyncDisposable
{
    private GatewayScenario(PostgresCluster cluster, OdooTestData data, LoopbackOdoo odoo, SidecarHost sidecar, string apiKey)
    {
        Cluster = cluster;
        Data = data;
        Odoo = odoo;
        Sidecar = sidecar;
        ApiKey = apiKey;
        Client = new HttpClient { BaseAddress = sidecar.Address };
    }

    public PostgresCluster Cluster { get; }

    public OdooTestData Data { get; }

    public LoopbackOdoo Odoo { get; }

    public SidecarHost Sidecar { get; }

    public string ApiKey { get; }

    public HttpClient Client { get; }

    public string Database => Data.Database;

    public static async Task<GatewayScenario> StartAsync(PostgresCluster cluster, Func<OdooTestData, Task>? arrange = null, IDictionary<string, string?>? settings = null)
    {
        var (data, apiKey) = await OdooTestData.CreateSeededAsync(cluster, arrange);

        var odoo = await LoopbackOdoo.StartAsync();
        var sidecar = await SidecarHost.StartAsync(odoo.Address, cluster.ConnectionString(data.Database), settings);
        return new GatewayScenario(cluster, data, odoo, sidecar, apiKey);
    }

    /// <summary>An <c>execute_kw</c> call as the admin with the scenario's key.</summary>
    public XmlRpcCall ExecuteKw(string model, string method, XmlRpcValue[] args, XmlRpcStruct? kwargs = null, string? key = null, long uid = OdooTestData.AdminId) =>
        new("execute_kw", [new XmlRpcString(Database), new XmlRpcInteger(uid), new XmlRpcString(key ?? ApiKey), new XmlRpcString(model), new XmlRpcString(method), new XmlRpcArray(args), kwargs ?? new XmlRpcStruct([])]);

    public Task<string> PostAsync(XmlRpcCall call, string path = "/mcp/xmlrpc/object") => PostAsync(XmlRpcWriter.ToBytes(call), path);

    public async Task<string> PostAsync(byte[] body, string path = "/mcp/xmlrpc/object")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("text/xml");
        using var response = await Client.PostAsync(path, content);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The audit rows of this scenario's database, oldest first, once <paramref name="count"/> are there.</summary>
    public async Task<IReadOnlyList<Dictionary<string, object?>>> AuditRowsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var rows = await ReadAuditRowsAsync();
            if (rows.Count >= count || DateTime.UtcNow > deadline)
            {
                return rows;
            }

            await Task.Delay(20);
        }
    }

    public async Task<IReadOnlyList<Dictionary<string, object?>>> ReadAuditRowsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Cluster.ConnectionString(Database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT id, event_type, outcome, user_id, api_key_used, ip_address, endpoint, http_method, service, method,
                   model_name, operation, record_ids, request_data, response_data, error_message, error_code, duration_ms,
                   user_agent, bridge, create_date, create_uid
            FROM mcp_log ORDER BY id
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    /// <summary>The fault code of a fault answer, or null for a result.</summary>
    public static int? FaultCode(string response) =>
        FaultCodePattern().Match(response) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sidecar.DisposeAsync();
        await Odoo.DisposeAsync();
    }

    [GeneratedRegex(@"<name>faultCode</name>\s*<value>\s*<int>(-?\d+)</int>")]
    private static partial Regex FaultCodePattern();
}
