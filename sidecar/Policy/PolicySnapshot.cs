using System.Collections.Frozen;
using System.Globalization;
using OdooSidecar.Calls;

namespace OdooSidecar.Policy;

/// <summary>
/// Everything a decision needs from one Odoo database, read at once and then never changed: the enabled models
/// and their flags, the <c>mcp_server.*</c> settings and the x2many fields of every model.
/// </summary>
public sealed class PolicySnapshot
{
    /// <summary>Creates a snapshot; <paramref name="settings"/> are the raw <c>mcp_server.*</c> parameters.</summary>
    public PolicySnapshot(
        IReadOnlyDictionary<string, string> settings,
        IReadOnlyDictionary<string, Permissions> enabledModels,
        IReadOnlyDictionary<(string Model, string Field), X2ManyField> x2ManyFields,
        DeniedModels denied,
        IReadOnlyDictionary<string, string>? modelNames = null)
    {
        Settings = settings.ToFrozenDictionary(StringComparer.Ordinal);
        EnabledModels = enabledModels.ToFrozenDictionary(StringComparer.Ordinal);
        X2ManyFields = x2ManyFields.ToFrozenDictionary();
        Denied = denied;
        ModelNames = (modelNames ?? new Dictionary<string, string>()).ToFrozenDictionary(StringComparer.Ordinal);
        Enabled = Flag(SettingKeys.Enabled, defaultValue: false);
        AuditReads = Flag(SettingKeys.EnableLogging, defaultValue: false);
        AllowPlainPasswords = Flag(SettingKeys.AllowPlainPasswords, defaultValue: false);
        AllowedDatabases = Settings.GetValueOrDefault(SettingKeys.AllowedDatabases, string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The raw <c>mcp_server.*</c> parameters.</summary>
    public FrozenDictionary<string, string> Settings { get; }

    /// <summary>Active rows of <c>mcp_enabled_model</c>: model name to the flags it allows.</summary>
    public FrozenDictionary<string, Permissions> EnabledModels { get; }

    /// <summary>The one2many and many2many fields of every model.</summary>
    public FrozenDictionary<(string Model, string Field), X2ManyField> X2ManyFields { get; }

    /// <summary>Every model of <c>ir_model</c> with its English name: what the REST routes list and look models up in.</summary>
    public FrozenDictionary<string, string> ModelNames { get; }

    /// <summary>The hard denylist.</summary>
    public DeniedModels Denied { get; }

    /// <summary><c>mcp_server.enabled</c>: the global switch; off when absent.</summary>
    public bool Enabled { get; }

    /// <summary><c>mcp_server.enable_logging</c>: audit allowed reads too. Odoo deletes a switched-off key, so absent means off.</summary>
    public bool AuditReads { get; }

    /// <summary><c>mcp_server.allow_plain_passwords</c>: accept login passwords besides API keys.</summary>
    public bool AllowPlainPasswords { get; }

    /// <summary><c>mcp_server.allowed_databases</c>: when not empty, narrows the sidecar's configured list.</summary>
    public FrozenSet<string> AllowedDatabases { get; }

    /// <summary>True unless <c>mcp_server.allowed_databases</c> is set and leaves <paramref name="database"/> out.</summary>
    public bool AllowsDatabase(string database) => AllowedDatabases.Count == 0 || AllowedDatabases.Contains(database);

    /// <summary>Looks up an x2many field; the shape <see cref="X2ManyCommandWalker"/> takes.</summary>
    public X2ManyField? X2ManyFieldOf(string model, string field) => X2ManyFields.GetValueOrDefault((model, field));

    /// <summary>An integer setting; <paramref name="defaultValue"/> when absent or not a number.</summary>
    public long Number(string key, long defaultValue) =>
        Settings.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : defaultValue;

    private bool Flag(string key, bool defaultValue) =>
        Settings.TryGetValue(key, out var text) ? text.Trim() is "True" or "true" or "1" : defaultValue;
}

/// <summary>The <c>ir_config_parameter</c> keys the addon's settings store.</summary>
public static class SettingKeys
{
    /// <summary>Global switch.</summary>
    public const string Enabled = "mcp_server.enabled";

    /// <summary>Audit of allowed read calls.</summary>
    public const string EnableLogging = "mcp_server.enable_logging";

    /// <summary>Accept passwords besides API keys.</summary>
    public const string AllowPlainPasswords = "mcp_server.allow_plain_passwords";

    /// <summary>Comma-separated database names.</summary>
    public const string AllowedDatabases = "mcp_server.allowed_databases";

    /// <summary>Calls per user per minute; 0 or absent: no limit.</summary>
    public const string RateLimitPerMinute = "mcp_server.rate_limit_per_minute";

    /// <summary>Calls per user per hour.</summary>
    public const string RateLimitPerHour = "mcp_server.rate_limit_per_hour";

    /// <summary>Calls per user per day.</summary>
    public const string RateLimitPerDay = "mcp_server.rate_limit_per_day";

    /// <summary>Calls per bridge per minute; 0 or absent: no limit.</summary>
    public const string BridgeRateLimitPerMinute = "mcp_server.bridge_rate_limit_per_minute";

    /// <summary>Calls per bridge per hour.</summary>
    public const string BridgeRateLimitPerHour = "mcp_server.bridge_rate_limit_per_hour";

    /// <summary>Calls per bridge per day.</summary>
    public const string BridgeRateLimitPerDay = "mcp_server.bridge_rate_limit_per_day";
}
