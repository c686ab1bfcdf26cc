using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace OdooSidecar.Bridges;

/// <summary>Registers bridge authentication.</summary>
public static class BridgeExtensions
{
    /// <summary>Adds <see cref="BridgeAuthenticator"/> and, configured from <see cref="BridgeOptions"/>, the JWT bearer handler.</summary>
    public static IHostApplicationBuilder AddBridges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BridgeOptions>().BindConfiguration(BridgeOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BridgeOptions>, BridgeOptionsValidator>();
        builder.Services.AddSingleton<BridgeAuthenticator>();
        if (builder.Configuration.GetSection(BridgeOptions.Section).Get<BridgeOptions>()?.Mode != BridgeMode.Required)
        {
            // Bridges off: no authentication handler at all, so no authentication middleware runs per request.
            return builder;
        }

        // The gateway and the REST routes authenticate the bridge themselves, once per call, where the audit row
        // can record a refusal; a default scheme would make the middleware validate every token a second time.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        builder.Services.AddAuthentication().AddJwtBearer(BridgeAuthenticator.Scheme, _ => { });
        builder.Services.AddOptions<JwtBearerOptions>(BridgeAuthenticator.Scheme).Configure<IOptions<BridgeOptions>>((jwt, bridges) =>
        {
            var bridge = bridges.Value;
            jwt.MapInboundClaims = false;
            jwt.RequireHttpsMetadata = bridge.RequireHttpsMetadata;
            if (bridge.Authority is not null)
            {
                jwt.Authority = bridge.Authority.ToString();
            }

            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = bridge.Issuer,
                ValidAudience = bridge.Audience,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = bridge.SigningKey is null ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(bridge.SigningKey)),
                ClockSkew = bridge.ClockSkew,
            };
        });
        return builder;
    }
}
