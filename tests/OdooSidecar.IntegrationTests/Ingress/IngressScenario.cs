using System.Net.Sockets;
using System.Text;
using OdooSidecar.Testing;

namespace OdooSidecar.IntegrationTests.Ingress;

/// <summary>
/// One test's world for the front door: a fresh Odoo database with an API key for the admin, the web stand-in
/// <see cref="WebOdoo"/>, and the real sidecar between them with <c>Ingress:Mode</c> as given.
/// </summary>
internal sealed class IngressScenario : IAsyncDisposable
{
    private IngressScenario(OdooTestData data, WebOdoo odoo, SidecarHost sidecar, string apiKey)
    {
        Data = data;
        Odoo = odoo;
        Sidecar = sidecar;
        ApiKey = apiKey;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = sidecar.Address };
    }

    public OdooTestData Data { get; }

    public WebOdoo Odoo { get; }

    public SidecarHost Sidecar { get; }

    public string ApiKey { get; }

    public HttpClient Client { get; }

    public static async Task<IngressScenario> StartAsync(PostgresCluster cluster, string? mode = "Guard", Func<OdooTestData, Task>? arrange = null)
    {
        var (data, apiKey) = await OdooTestData.CreateSeededAsync(cluster, arrange);

        var odoo = await WebOdoo.StartAsync();
        var settings = mode is null ? null : new Dictionary<string, string?> { ["Ingress:Mode"] = mode };
        var sidecar = await SidecarHost.StartAsync(odoo.Address, cluster.ConnectionString(data.Database), settings);
        return new IngressScenario(data, odoo, sidecar, apiKey);
    }

    /// <summary>
    /// Sends one request with exactly <paramref name="target"/> on the request line (no client normalizes it) and
    /// returns the status code and body.
    /// </summary>
    public async Task<(int Status, string Body)> SendRawAsync(string method, string target, string body = "")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Sidecar.Address.Host, Sidecar.Address.Port);
        await using var stream = tcp.GetStream();
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"{method} {target} HTTP/1.1\r\nHost: {Sidecar.Address.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sidecar.DisposeAsync();
        await Odoo.DisposeAsync();
    }
}
