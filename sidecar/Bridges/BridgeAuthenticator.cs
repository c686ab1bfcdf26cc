using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace OdooSidecar.Bridges;

/// <summary>The bridge a call came through, or why its token was refused.</summary>
/// <param name="Name">The token's subject (or <c>client_id</c>), recorded in every audit row.</param>
/// <param name="Problem">Why the token was refused; null when accepted or not required.</param>
public sealed record BridgeCheck(string? Name, string? Problem)
{
    /// <summary>Bridges are off: nothing to check.</summary>
    public static readonly BridgeCheck NotRequired = new(null, null);

    /// <summary>What a refused caller is told (XML-RPC fault and REST error alike).</summary>
    public string RefusalMessage => "Bridge authentication failed: " + Problem;
}

/// <summary>
/// Authenticates the bridge server with ASP.NET Core's JWT bearer handler (issuer, audience, lifetime, signature;
/// unsigned tokens refused). A bridge never gains rights of its own: the Odoo API key in the call still decides the user.
/// </summary>
public sealed class BridgeAuthenticator(IOptions<BridgeOptions> options)
{
    /// <summary>The authentication scheme name.</summary>
    public const string Scheme = "Bridge";

    /// <summary>True when calls need a bridge token.</summary>
    public bool IsRequired => options.Value.Mode == BridgeMode.Required;

    /// <summary>Checks the call's bearer token when bridges are required.</summary>
    public async Task<BridgeCheck> AuthenticateAsync(HttpContext context)
    {
        if (!IsRequired)
        {
            return BridgeCheck.NotRequired;
        }

        var result = await context.AuthenticateAsync(Scheme);
        if (result.None)
        {
            return new(null, "a bridge token is required: send Authorization: Bearer <jwt>");
        }

        if (!result.Succeeded)
        {
            return new(null, "the bridge token was refused: " + Describe(result.Failure));
        }

        var name = result.Principal.FindFirst("sub")?.Value ?? result.Principal.FindFirst("client_id")?.Value;
        return name is null ? new(null, "the bridge token has neither a sub nor a client_id claim") : new(name, null);
    }

    private static string Describe(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "it has expired",
        SecurityTokenNotYetValidException => "it is not valid yet",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "bad or missing signature",
        SecurityTokenInvalidAlgorithmException => "algorithm not allowed",
        SecurityTokenNoExpirationException => "it has no expiry",
        _ => "it could not be validated",
    };
}
