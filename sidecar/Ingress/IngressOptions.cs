using System.ComponentModel.DataAnnotations;

namespace OdooSidecar.Ingress;

/// <summary>How the sidecar fronts the rest of Odoo (section <c>Ingress</c>).</summary>
public sealed class IngressOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Ingress";

    /// <summary><see cref="IngressMode.Off"/> (default) or <see cref="IngressMode.Guard"/>.</summary>
    [EnumDataType(typeof(IngressMode))]
    public IngressMode Mode { get; set; } = IngressMode.Off;

    /// <summary>
    /// How long a proxied web request or WebSocket may go without a byte from either side. At least a minute, because
    /// Odoo pings an idle WebSocket only every 45 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
