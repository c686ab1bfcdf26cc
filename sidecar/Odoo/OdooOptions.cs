using System.ComponentModel.DataAnnotations;

namespace OdooSidecar.Odoo;

/// <summary>Where Odoo and its PostgreSQL database are (section <c>Odoo</c>).</summary>
public sealed class OdooOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Odoo";

    /// <summary>Odoo's base URL; calls go to <c>{Url}/xmlrpc/2/{service}</c>.</summary>
    [Required]
    public Uri Url { get; set; } = new("http://127.0.0.1:8069");

    /// <summary>Npgsql connection string of Odoo's database; its <c>Database</c> is the default database.</summary>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Databases callers may name; empty means only the connection string's database.</summary>
    public IList<string> AllowedDatabases { get; } = [];

    /// <summary>How long Odoo may take to answer one call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);
}
