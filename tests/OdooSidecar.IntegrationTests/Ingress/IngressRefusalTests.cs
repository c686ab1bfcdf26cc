using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OdooSidecar.IntegrationTests.Ingress;

/// <summary>
/// With <c>Ingress:Mode=Guard</c> Odoo's RPC entry points that take an API key are closed, each refusal points to the
/// <c>/mcp/</c> endpoints, and nothing of a refused request reaches Odoo.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class IngressRefusalTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Jsonrpc_with_an_api_key_is_refused_as_a_json_rpc_error_with_the_callers_id()
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        var call = $$"""{"jsonrpc":"2.0","method":"call","params":{"service":"object","method":"execute_kw","args":["{{scenario.Data.Database}}",2,"{{scenario.ApiKey}}","res.users.apikeys","search_read",[[]]]},"id":"call-41"}""";

        using var response = await scenario.Client.PostAsync("/jsonrpc", new StringContent(call, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = answer.RootElement;
        Assert.Equal("2.0", root.GetProperty("jsonrpc").GetString());
        Assert.Equal("call-41", root.GetProperty("id").GetString());
        Assert.False(root.TryGetProperty("result", out _));
        var error = root.GetProperty("error");
        Assert.Equal(403, error.GetProperty("code").GetInt32());
        Assert.Contains("/mcp/xmlrpc/object", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("odoo.exceptions.AccessDenied", error.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal(error.GetProperty("message").GetString(), error.GetProperty("data").GetProperty("message").GetString());
        Assert.Contains("/mcp/xmlrpc/object", error.GetProperty("data").GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(scenario.Odoo.Received);
        Assert.Equal("/jsonrpc permission_denied denied", await scenario.Data.ScalarAsync<string>(
            "SELECT endpoint || ' ' || event_type || ' ' || outcome FROM mcp_log WHERE endpoint = '/jsonrpc'", waitForRow: true));
    }

    [Fact]
    public async Task Jsonrpc_is_refused_even_with_a_web_session_and_without_a_readable_id()
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/jsonrpc") { Content = new StringContent("not json", Encoding.UTF8, "application/json") };
        request.Headers.Add("Cookie", "session_id=web-session-1");

        using var response = await scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, answer.RootElement.GetProperty("id").ValueKind);
        Assert.Equal(403, answer.RootElement.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Empty(scenario.Odoo.Received);
    }

    [Theory]
    [InlineData("/web/dataset/call_kw")]
    [InlineData("/web/dataset/call_kw/res.partner/search_read")]
    [InlineData("/web/dataset/call_button")]
    public async Task Web_client_rpc_without_a_session_is_refused_as_a_json_rpc_error(string path)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        const string call = """{"jsonrpc":"2.0","method":"call","params":{"model":"res.partner","method":"search_read","args":[],"kwargs":{}},"id":7}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(call, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scenario.ApiKey);
        request.Headers.Add("Cookie", "frontend_lang=en_US; session_id=");

        using var response = await scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(7, answer.RootElement.GetProperty("id").GetInt32());
        var error = answer.RootElement.GetProperty("error");
        Assert.Equal(403, error.GetProperty("code").GetInt32());
        Assert.Contains("web session", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("/mcp/xmlrpc/", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
    }

    [Theory]
    [InlineData("POST", "/json/2/res.partner/search_read")]
    [InlineData("GET", "/json/2/res.partner/search_read")]
    [InlineData("POST", "/json/2")]
    public async Task Json2_with_a_bearer_key_is_refused_with_403_and_odoos_error_object(string method, string path)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scenario.ApiKey);
        if (method == "POST")
        {
            request.Content = new StringContent("""{"domain":[],"fields":["name"]}""", Encoding.UTF8, "application/json");
        }

        using var response = await scenario.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("odoo.exceptions.AccessDenied", answer.RootElement.GetProperty("name").GetString());
        Assert.Contains("/mcp/xmlrpc/object", answer.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
    }

    [Theory]
    [InlineData("GET", "/xmlrpc/2/object")]
    [InlineData("GET", "/xmlrpc/2/common")]
    [InlineData("GET", "/xmlrpc/object")]
    [InlineData("GET", "/mcp/xmlrpc/object")]
    [InlineData("PUT", "/xmlrpc/2/object")]
    [InlineData("HEAD", "/xmlrpc/2/object")]
    [InlineData("OPTIONS", "/xmlrpc/2/db")]
    public async Task XmlRpc_paths_answer_other_methods_with_405_allow_post(string method, string path)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);

        using var response = await scenario.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        if (method != "HEAD")
        {
            Assert.Contains("/mcp/xmlrpc/object", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(scenario.Odoo.Received);
    }

    [Theory]
    [InlineData("/mcp/unknown")]
    [InlineData("/mcp")]
    [InlineData("/xmlrpc/2/object/extra")]
    public async Task Paths_in_the_sidecars_namespaces_that_nothing_serves_never_reach_odoo(string path)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);

        using var response = await scenario.Client.PostAsync(path, new StringContent("<methodCall/>", Encoding.UTF8, "text/xml"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("/mcp/xmlrpc/object", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
    }

    // Request targets that Odoo's WSGI server would decode or fold into a closed entry point: Odoo 17 answers XML-RPC
    // on /xmlrpc%2F2%2Fcommon and //xmlrpc/2/common, and JSON-RPC on /jsonrpc/ (checked against a real Odoo 17).
    [Theory]
    [InlineData("POST", "/xmlrpc%2F2%2Fobject", 404, "/mcp/xmlrpc/")]
    [InlineData("POST", "/xmlrpc%2f2/object", 404, "/mcp/xmlrpc/")]
    [InlineData("POST", "/xmlrpc/2%2Fobject", 200, "faultCode")]
    [InlineData("POST", "/xmlrpc%252F2%252Fobject", 404, "/mcp/xmlrpc/")]
    [InlineData("POST", "/mcp/xmlrpc%2Fobject", 404, "/mcp/xmlrpc/")]
    [InlineData("GET", "//xmlrpc//2//object", 405, "/mcp/xmlrpc/")]
    [InlineData("POST", "//xmlrpc/2/object", 404, "/mcp/xmlrpc/")]
    [InlineData("POST", "/xmlrpc/2/./object", 200, "faultCode")]
    [InlineData("POST", "/jsonrpc/", 200, "/mcp/xmlrpc/")]
    [InlineData("POST", "//jsonrpc", 200, "/mcp/xmlrpc/")]
    [InlineData("POST", "/JsonRpc", 200, "/mcp/xmlrpc/")]
    [InlineData("POST", "/web/..%2Fjsonrpc", 200, "/mcp/xmlrpc/")]
    [InlineData("POST", "/web/%2E%2E/jsonrpc", 200, "/mcp/xmlrpc/")]
    [InlineData("POST", "/%6Asonrpc", 200, "/mcp/xmlrpc/")]
    [InlineData("POST", "/json%2F2/res.partner/search_read", 403, "/mcp/xmlrpc/")]
    [InlineData("POST", "/web%2Fdataset%2Fcall_kw", 200, "/mcp/xmlrpc/")]
    [InlineData("POST", "/web/dataset//call_kw/", 200, "/mcp/xmlrpc/")]
    [InlineData("POST", "/web\\dataset\\call_kw", 200, "/mcp/xmlrpc/")]
    public async Task Encoded_and_folded_variants_of_closed_paths_are_refused_too(string method, string target, int status, string says)
    {
        await using var scenario = await IngressScenario.StartAsync(postgres.Cluster);

        var (answered, body) = await scenario.SendRawAsync(method, target, """{"jsonrpc":"2.0","method":"call","params":{},"id":3}""");

        Assert.Equal(status, answered);
        Assert.Contains(says, body, StringComparison.Ordinal);

        Assert.Empty(scenario.Odoo.Received);
    }
}
