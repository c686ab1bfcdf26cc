using Microsoft.Extensions.Options;

namespace OdooSidecar.Bridges;

/// <summary>Whether calls must come through an authenticated bridge server.</summary>
public enum BridgeMode
{
    /// <summary>Single company, local clients: no bridge token.</summary>
    Off,

    /// <summary>Every <c>/mcp/*</c> and <c>/xmlrpc/*</c> call needs <c>Authorization: Bearer &lt;jwt&gt;</c>.</summary>
    Required,
}

/// <summary>How bridge servers authenticate (section <c>Bridges</c>).</summary>
public sealed class BridgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bridges";

    /// <summary>Off or Required.</summary>
    public BridgeMode Mode { get; set; } = BridgeMode.Off;

    /// <summary>The expected <c>iss</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>A shared HMAC key (at least 32 bytes of UTF-8) for symmetric tokens.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The issuer's authority URL; its OpenID metadata gives the JWKS for asymmetric tokens.</summary>
    public Uri? Authority { get; set; }

    /// <summary>Allow an <c>http://</c> authority (tests and private networks only).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerated clock difference for <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Refuses a Required mode that could not validate anything.</summary>
internal sealed class BridgeOptionsValidator : IValidateOptions<BridgeOptions>
{
    public ValidateOptionsResult Validate(string? name, BridgeOptions options)
    {
        if (options.Mode == BridgeMode.Off)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("Bridges:Issuer is required when Bridges:Mode is Required.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Bridges:Audience is required when Bridges:Mode is Required.");
        }

        if (string.IsNullOrEmpty(options.SigningKey) == (options.Authority is null))
        {
            failures.Add("Set exactly one of Bridges:SigningKey (symmetric tokens) and Bridges:Authority (the issuer's JWKS).");
        }
        else if (options.SigningKey is { } key && System.Text.Encoding.UTF8.GetByteCount(key) < 32)
        {
            failures.Add("Bridges:SigningKey must be at least 32 bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
