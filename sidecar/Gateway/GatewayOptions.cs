using System.ComponentModel.DataAnnotations;

namespace OdooSidecar.Gateway;

/// <summary>Limits on what a caller may send (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway";

    /// <summary>Largest request body accepted, in bytes.</summary>
    [Range(1024, int.MaxValue - 1)]
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Deepest XML nesting accepted.</summary>
    [Range(8, 10_000)]
    public int MaxDepth { get; set; } = 64;

    /// <summary>Most XML elements accepted in one body.</summary>
    [Range(16, int.MaxValue)]
    public int MaxElements { get; set; } = 1_000_000;

    /// <summary>
    /// How much of Odoo's answer the sidecar looks at to tell results from faults, and keeps in the audit row of a
    /// fault or of a call that changes data.
    /// </summary>
    [Range(256, 1_000_000)]
    public int ResponseCaptureBytes { get; set; } = 2048;
}
