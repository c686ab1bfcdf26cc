using System.ComponentModel.DataAnnotations;

namespace OdooSidecar.Policy;

/// <summary>How the in-memory policy is kept fresh (section <c>Policy</c>).</summary>
public sealed class PolicyOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Policy";

    /// <summary>The PostgreSQL channel the addon's triggers notify.</summary>
    public const string Channel = "mcp_server_policy";

    /// <summary>Full reload period: the safety net behind LISTEN/NOTIFY.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait before reconnecting after the policy connection failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
