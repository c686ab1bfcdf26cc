using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.Bridges;

[Collection(PostgresTestGroup.Name)]
public sealed class BridgeAuthenticationTests(PostgresFixture postgres)
{
    private const string Issuer = "https://bridge.example.com";
    private const string Audience = "odoo-sidecar";
    private const string SigningKey = "a-shared-secret-of-at-least-32-bytes!!";

    private static readonly Dictionary<string, string?> RequiredBridges = new()
    {
        ["Bridges:Mode"] = "Required",
        ["Bridges:Issuer"] = Issuer,
        ["Bridges:Audience"] = Audience,
        ["Bridges:SigningKey"] = SigningKey,
        ["Bridges:ClockSkew"] = "00:00:00",
    };

    [Fact]
    public async Task Valid_token_lets_the_call_through_and_names_the_bridge_in_the_audit_row()
    {
        await using var scenario = await StartAsync();

        var (status, answer) = await PostAsync(scenario, Mint());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(GatewayScenario.FaultCode(answer));
        Assert.Single(scenario.Odoo.Received);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal("bridge-7", row["bridge"]);
        Assert.Equal(2, row["user_id"]);
    }

    [Fact]
    public async Task Client_id_names_the_bridge_when_there_is_no_subject()
    {
        await using var scenario = await StartAsync();

        await PostAsync(scenario, Mint(claims: new() { ["client_id"] = "mcp-bridge-eu" }, subject: null));

        Assert.Equal("mcp-bridge-eu", Assert.Single(await scenario.AuditRowsAsync(1))["bridge"]);
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "missing", "a bridge token is required" },
        { "expired", "it has expired" },
        { "not yet valid", "it is not valid yet" },
        { "wrong issuer", "wrong issuer" },
        { "wrong audience", "wrong audience" },
        { "wrong key", "bad or missing signature" },
        { "unsigned", "bad or missing signature" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Refused_tokens_get_401_with_a_fault_that_says_why_and_never_reach_odoo(string kind, string reason)
    {
        await using var scenario = await StartAsync();
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "missing" => null,
            "expired" => Mint(notBefore: now.AddHours(-2), expires: now.AddHours(-1)),
            "not yet valid" => Mint(notBefore: now.AddHours(1), expires: now.AddHours(2)),
            "wrong issuer" => Mint(issuer: "https://evil.example.com"),
            "wrong audience" => Mint(audience: "another-service"),
            "wrong key" => Mint(key: "another-secret-that-is-also-32-bytes-long"),
            _ => Mint(key: null),
        };

        var (status, answer) = await PostAsync(scenario, token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(3, GatewayScenario.FaultCode(answer));
        Assert.Contains(reason, answer, StringComparison.Ordinal);
        Assert.Empty(scenario.Odoo.Received);
        var row = Assert.Single(await scenario.AuditRowsAsync(1));
        Assert.Equal("auth_failure", row["event_type"]);
        Assert.Null(row["bridge"]);
    }

    [Fact]
    public async Task A_bridge_gains_no_rights_of_its_own_the_api_key_still_decides()
    {
        await using var scenario = await StartAsync();
        var call = scenario.ExecuteKw("res.partner", "search", [new XmlRpcArray([])], key: scenario.ApiKey[..8] + new string('f', 32));

        var (status, answer) = await PostAsync(scenario, Mint(), call);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, GatewayScenario.FaultCode(answer));
        Assert.Empty(scenario.Odoo.Received);
    }

    [Fact]
    public async Task Tokens_signed_with_the_issuers_jwks_are_accepted_and_others_refused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var signingKey = new RsaSecurityKey(rsa) { KeyId = "bridge-key-1" };
        await using var authority = await JwksAuthority.StartAsync(signingKey);
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"), new Dictionary<string, string?>
        {
            ["Bridges:Mode"] = "Required",
            ["Bridges:Issuer"] = authority.Issuer,
            ["Bridges:Audience"] = Audience,
            ["Bridges:Authority"] = authority.Issuer,
            ["Bridges:RequireHttpsMetadata"] = "false",
        });
        string MintRsa(SecurityKey key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = authority.Issuer,
            Audience = Audience,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Subject = new ClaimsIdentity([new Claim("sub", "jwks-bridge")]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        using var otherRsa = System.Security.Cryptography.RSA.Create(2048);

        var (goodStatus, _) = await PostAsync(scenario, MintRsa(signingKey));
        var (badStatus, badAnswer) = await PostAsync(scenario, MintRsa(new RsaSecurityKey(otherRsa) { KeyId = "bridge-key-1" }));

        Assert.Equal(HttpStatusCode.OK, goodStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, badStatus);
        Assert.Contains("bad or missing signature", badAnswer, StringComparison.Ordinal);
        Assert.Single(scenario.Odoo.Received);
        Assert.Equal("jwks-bridge", (await scenario.AuditRowsAsync(2))[0]["bridge"]);
    }

    private Task<GatewayScenario> StartAsync() =>
        GatewayScenario.StartAsync(postgres.Cluster, data => data.EnableModelAsync("res.partner"), RequiredBridges);

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(GatewayScenario scenario, string? token, XmlRpcCall? call = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp/xmlrpc/object")
        {
            Content = new ByteArrayContent(XmlRpcWriter.ToBytes(call ?? scenario.ExecuteKw("res.partner", "search", [new XmlRpcArray([])]))),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await scenario.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Mint(
        string? subject = "bridge-7",
        string issuer = Issuer,
        string audience = Audience,
        string? key = SigningKey,
        DateTime? notBefore = null,
        DateTime? expires = null,
        Dictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(10),
            Subject = subject is null ? new ClaimsIdentity() : new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            SigningCredentials = key is null ? null : new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
