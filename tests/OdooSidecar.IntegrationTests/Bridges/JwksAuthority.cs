using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using OdooSidecar.Testing;

namespace OdooSidecar.IntegrationTests.Bridges;

/// <summary>A token issuer on loopback that publishes its OpenID metadata and JWKS, as a bridge's identity provider does.</summary>
internal sealed class JwksAuthority : IAsyncDisposable
{
    private readonly WebApplication _app;

    private JwksAuthority(WebApplication app, string issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static async Task<JwksAuthority> StartAsync(RsaSecurityKey key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        string? issuer = null;
        var (app, address) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer!,
                ["jwks_uri"] = issuer + "/jwks",
            }));
            app.MapGet("/jwks", () => Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E } },
            }));
        });
        issuer = address.ToString().TrimEnd('/');
        return new JwksAuthority(app, issuer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
