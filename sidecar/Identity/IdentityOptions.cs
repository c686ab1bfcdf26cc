using System.ComponentModel.DataAnnotations;

namespace OdooSidecar.Identity;

/// <summary>How callers prove who they are (section <c>Identity</c>).</summary>
public sealed class IdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Identity";

    /// <summary>How long a verified key stays trusted without another check; a revoked key stops within it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a failed check is remembered, so repeated bad keys cost no PBKDF2.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FailureCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Accept Odoo login passwords besides API keys (the Odoo setting can also allow them).</summary>
    public bool AllowPlainPasswords { get; set; }
}
