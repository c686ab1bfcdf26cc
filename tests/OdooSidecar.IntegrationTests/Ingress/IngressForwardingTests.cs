using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using OdooSidecar.Testing;

namespace OdooSidecar.IntegrationTests.Ingress;

/// <summary>With <c>Ingress:Mode=Guard</c> humans use Odoo through the sidecar: everything not closed arrives unchanged.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class IngressForwardingTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("GET", "/web")]
    [InlineData("GET", "/web/login?redirect=%2Fodoo%3Fdebug%3D1")]
    [InlineData("GET", "/web/assets/1/web.assets_web.min.js")]
    [InlineData("GET", "/web/image/res.partner/3/avatar_128")]
    [InlineData("GET", "/websocket/health")]
    [InlineData("POST", "/longpolling/poll")]
    [InlineData("POST", "/web/session/get_session_info")]
    [InlineData("GET", "/odoo/action-base.action_partner_form")]
    [InlineData("GET", "/")]
    [InlineData("GET", "/web/static/100%25.png")]
    public async Task Web_client_paths_reach_odoo_with_method_target_and_body_unchanged(string method, string target)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        var body = method == "POST" ? """{"jsonrpc":"2.0","method":"call","params":{"channels":[],"last":0},"id":7}""" : null;
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("odoo answered " + method, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var received = Assert.Single(scenario.Odoo.Received);
        Assert.Equal(method, received.Method);
        Assert.Equal(target, received.Target);
        Assert.Equal(body ?? string.Empty, Encoding.UTF8.GetString(received.Body));
    }

    // What Odoo's router sees of odd targets: the guard decides on the same view, folded further (IngressGuard).
    [Theory]
    [InlineData("//web//login", "//web//login")]
    [InlineData("/web/static/a%2Fb.png", "/web/static/a%252Fb.png")]
    [InlineData("/web/static/../login", "/web/login")]
    public async Task Odd_targets_reach_odoo_as_kestrel_normalized_them_with_encoded_slashes_kept_encoded(string sent, string arrives)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);

        var (status, _) = await scenario.SendRawAsync("GET", sent);

        Assert.Equal(200, status);
        Assert.Equal(arrives, Assert.Single(scenario.Odoo.Received).Target);
    }

    [Fact]
    public async Task Login_passes_and_its_session_cookie_comes_back()
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        const string login = """{"jsonrpc":"2.0","method":"call","params":{"db":"odoo","login":"admin","password":"admin"},"id":1}""";

        using var response = await scenario.Client.PostAsync("/web/session/authenticate", new StringContent(login, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebOdoo.SessionSetCookie, Assert.Single(response.Headers.GetValues("Set-Cookie")));
        var received = Assert.Single(scenario.Odoo.Received);
        Assert.Equal("/web/session/authenticate", received.Target);
        Assert.Equal(login, Encoding.UTF8.GetString(received.Body));
    }

    [Theory]
    [InlineData("/web/dataset/call_kw")]
    [InlineData("/web/dataset/call_kw/res.partner/web_search_read")]
    [InlineData("/web/dataset/call_button")]
    public async Task Web_client_rpc_with_a_session_reaches_odoo_unchanged(string path)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        const string call = """{"id":12,"jsonrpc":"2.0","method":"call","params":{"model":"res.partner","method":"web_search_read","args":[],"kwargs":{"specification":{"display_name":{}}}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(call, Encoding.UTF8, "application/json") };
        request.Headers.Add("Cookie", "frontend_lang=en_US; session_id=web-session-1");

        using var response = await scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(scenario.Odoo.Received);
        Assert.Equal(path, received.Target);
        Assert.Equal(call, Encoding.UTF8.GetString(received.Body));
        Assert.Equal("frontend_lang=en_US; session_id=web-session-1", received.Header("Cookie"));
    }

    [Fact]
    public async Task File_download_arrives_byte_identical_with_its_headers()
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);

        using var response = await scenario.Client.GetAsync("/web/content/42?download=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WebOdoo.Download, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(WebOdoo.Download.Length, response.Content.Headers.ContentLength);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("report.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("/web/content/42?download=true", Assert.Single(scenario.Odoo.Received).Target);
    }

    [Fact]
    public async Task Websocket_upgrades_and_echoes_through_the_sidecar()
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", "session_id=web-session-1");
        var uri = new UriBuilder(scenario.Sidecar.Address) { Scheme = "ws", Path = "/websocket", Query = "version=17.0-1" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await socket.ConnectAsync(uri, timeout.Token);
        var subscribe = Encoding.UTF8.GetBytes("""{"event_name":"subscribe","data":{"channels":[],"last":0}}""");
        await socket.SendAsync(subscribe, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var echoed = await ReceiveMessageAsync(socket, timeout.Token);
        var large = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        await socket.SendAsync(large, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);
        var echoedLarge = await ReceiveMessageAsync(socket, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(subscribe, echoed);
        Assert.Equal(large, echoedLarge);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        var upgrade = Assert.Single(scenario.Odoo.Received);
        Assert.Equal("/websocket?version=17.0-1", upgrade.Target);
        Assert.Equal("websocket", upgrade.Header("Upgrade"), ignoreCase: true);
        Assert.Equal("127.0.0.1", upgrade.Header("X-Forwarded-For"));
        Assert.Equal("session_id=web-session-1", upgrade.Header("Cookie"));
    }

    [Fact]
    public async Task Forwarded_headers_are_set_from_what_the_sidecar_saw_and_spoofed_ones_are_dropped()
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/web/login");
        request.Headers.Host = "erp.example.com";
        request.Headers.Add("X-Forwarded-For", "203.0.113.66");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Prefix", "/evil");
        request.Headers.Add("X-Forwarded-Port", "443");
        request.Headers.Add("Forwarded", "for=203.0.113.66;proto=https;host=evil.example");
        request.Headers.Add("X-Real-IP", "203.0.113.66");

        using var response = await scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(scenario.Odoo.Received);
        Assert.Equal("127.0.0.1", received.Header("X-Forwarded-For"));
        Assert.Equal("http", received.Header("X-Forwarded-Proto"));
        Assert.Equal("erp.example.com", received.Header("X-Forwarded-Host"));
        Assert.Null(received.Header("X-Forwarded-Prefix"));
        Assert.Null(received.Header("X-Forwarded-Port"));
        Assert.Null(received.Header("Forwarded"));
        Assert.Null(received.Header("X-Real-IP"));
        Assert.Equal(scenario.Odoo.Address.Authority, received.Header("Host"));
    }

    [Theory]
    [InlineData("/mcp/xmlrpc/object")]
    [InlineData("/xmlrpc/2/object")]
    [InlineData("/xmlrpc/object")]
    public async Task XmlRpc_paths_still_go_through_the_policy(string path)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster, arrange: data => data.EnableModelAsync("res.partner"));

        var refused = await PostXmlRpcAsync(scenario, path, "res.users");
        Assert.Empty(scenario.Odoo.Received);
        var allowed = await PostXmlRpcAsync(scenario, path, "res.partner");

        Assert.Equal(4, GatewayScenario.FaultCode(refused));
        Assert.Equal(LoopbackOdoo.OkResponse, allowed);
        var received = Assert.Single(scenario.Odoo.Received);
        Assert.Equal(path == "/xmlrpc/object" ? "/xmlrpc/object" : "/xmlrpc/2/object", received.Target);
        Assert.Contains("<string>res.partner</string>", Encoding.UTF8.GetString(received.Body), StringComparison.Ordinal);
        Assert.Equal(["denied", "success"], (await AuditOutcomesAsync(scenario, 2)).Order());
    }

    [Theory]
    [InlineData("/web")]
    [InlineData("/web/login")]
    [InlineData("/websocket")]
    [InlineData("/jsonrpc")]
    [InlineData("/web/dataset/call_kw")]
    public async Task Without_guard_mode_the_sidecar_serves_no_odoo_path(string path)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster, mode: null);

        using var get = await scenario.Client.GetAsync(path);
        using var post = await scenario.Client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Empty(scenario.Odoo.Received);
    }

    [Fact]
    public async Task An_unknown_ingress_mode_stops_the_sidecar_from_starting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var scenario = await IngressScenario.StartAsync(postgres.Cluster, mode: "Open");
        });

        Assert.Contains("Ingress", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> PostXmlRpcAsync(IngressScenario scenario, string path, string model)
    {
        var call = new XmlRpc.XmlRpcCall("execute_kw", [
            new XmlRpc.XmlRpcString(scenario.Data.Database), new XmlRpc.XmlRpcInteger(OdooTestData.AdminId), new XmlRpc.XmlRpcString(scenario.ApiKey),
            new XmlRpc.XmlRpcString(model), new XmlRpc.XmlRpcString("search_read"), new XmlRpc.XmlRpcArray([new XmlRpc.XmlRpcArray([])]), new XmlRpc.XmlRpcStruct([])]);
        using var content = new ByteArrayContent(XmlRpc.XmlRpcWriter.ToBytes(call));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        using var response = await scenario.Client.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<List<string>> AuditOutcomesAsync(IngressScenario scenario, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var outcomes = await scenario.Data.ScalarAsync<string[]>("SELECT coalesce(array_agg(outcome ORDER BY id), '{}') FROM mcp_log");
            if (outcomes.Length >= count || DateTime.UtcNow > deadline)
            {
                return [.. outcomes];
            }

            await Task.Delay(20);
        }
    }

    private static async Task<byte[]> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return message.ToArray();
    }
}
