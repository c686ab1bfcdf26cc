using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OdooSidecar.IntegrationTests.Rest;

/// <summary>The REST routes share the XML-RPC path's bridge tokens and rate limits.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class RestGuardTests(PostgresFixture postgres)
{
    private const string SigningKey = "a-shared-secret-of-at-least-32-bytes!!";

    [Fact]
    public async Task With_bridges_required_a_rest_call_needs_a_valid_token_and_names_the_bridge()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"), new Dictionary<string, string?>
        {
            ["Bridges:Mode"] = "Required",
            ["Bridges:Issuer"] = "https://bridge.example.com",
            ["Bridges:Audience"] = "odoo-sidecar",
            ["Bridges:SigningKey"] = SigningKey,
        });

        using var withoutToken = await scenario.Client.GetRestAsync("/mcp/auth/validate", scenario.ApiKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp/auth/validate");
        request.Headers.Add("X-API-Key", scenario.ApiKey);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Mint());
        using var withToken = await scenario.Client.SendAsync(request);
        using var health = await scenario.Client.GetRestAsync("/mcp/health");

        await RestAnswers.AssertEnvelopeAsync(withoutToken, HttpStatusCode.Unauthorized,
            """{"success":false,"error":{"message":"Bridge authentication failed: a bridge token is required: send Authorization: Bearer <jwt>","code":"E401"}}""");
        Assert.Equal("Bearer", withoutToken.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var rows = await scenario.AuditRowsAsync(2);
        Assert.Equal(["auth_failure", "auth_success"], rows.Select(r => r["event_type"]));
        Assert.Equal([null, "bridge-9"], rows.Select(r => r["bridge"]));
    }

    [Fact]
    public async Task Over_the_rate_limit_a_rest_call_gets_429_with_retry_after()
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, async data =>
        {
            await data.EnableModelAsync("res.partner");
            await data.SetParameterAsync("mcp_server.rate_limit_per_minute", "2");
        });

        using var first = await scenario.Client.GetRestAsync("/mcp/models", scenario.ApiKey);
        using var second = await scenario.Client.GetRestAsync("/mcp/models", scenario.ApiKey);
        using var third = await scenario.Client.GetRestAsync("/mcp/models", scenario.ApiKey);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await RestAnswers.AssertEnvelopeAsync(third, HttpStatusCode.TooManyRequests,
            """{"success":false,"error":{"message":"Rate limit exceeded: user 2 may make 2 calls per minute; retry in 10 s.","code":"E429"}}""");
        Assert.Equal(TimeSpan.FromSeconds(10), third.Headers.RetryAfter?.Delta);
        var rows = await scenario.AuditRowsAsync(3);
        Assert.Equal("rate_limit", rows[^1]["event_type"]);
    }

    private static string Mint() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://bridge.example.com",
        Audience = "odoo-sidecar",
        Expires = DateTime.UtcNow.AddMinutes(5),
        Subject = new ClaimsIdentity([new Claim("sub", "bridge-9")]),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
    });
}
