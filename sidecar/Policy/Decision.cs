namespace OdooSidecar.Policy;

/// <summary>The verdict on one call: allowed, or refused with Odoo's fault code and a message for the caller.</summary>
/// <param name="IsAllowed">True when the call may go to Odoo.</param>
/// <param name="EventType">The audit row's <c>event_type</c>.</param>
/// <param name="FaultCode">Odoo's fault code for a refusal: 1 bad call, 3 bad credentials, 4 access error.</param>
/// <param name="Message">Why the call is refused, naming the model and method.</param>
/// <param name="Detail">What the audit row records beyond <paramref name="Message"/> (kept from the caller).</param>
public sealed record Decision(bool IsAllowed, string EventType, int FaultCode = 0, string? Message = null, string? Detail = null)
{
    /// <summary>Odoo's fault code for a call it cannot handle.</summary>
    public const int BadCallCode = 1;

    /// <summary>Odoo's fault code for wrong credentials (<c>AccessDenied</c>).</summary>
    public const int AccessDeniedCode = 3;

    /// <summary>Odoo's fault code for a refused operation (<c>AccessError</c>).</summary>
    public const int AccessErrorCode = 4;

    /// <summary>How every refusal starts that is due to the sidecar's own stores, not to the call.</summary>
    public const string CannotCheckPrefix = "OdooSidecar cannot check this call right now: ";

    /// <summary>The fault code for a call over a rate limit (HTTP's 429).</summary>
    public const int RateLimitedCode = 429;

    /// <summary>An allowed call.</summary>
    public static Decision Allow(string eventType) => new(true, eventType);

    /// <summary>A call with a shape the sidecar cannot check.</summary>
    public static Decision BadCall(string message) => new(false, AuditEvents.Error, BadCallCode, message);

    /// <summary>A credential that does not prove the claimed user.</summary>
    public static Decision AccessDenied(string detail) => new(false, AuditEvents.AuthFailure, AccessDeniedCode, "Access Denied", detail);

    /// <summary>A caller over one of its rate limits.</summary>
    public static Decision RateLimited(string message) => new(false, AuditEvents.RateLimit, RateLimitedCode, message);

    /// <summary>An operation the policy refuses.</summary>
    public static Decision AccessError(string message) => new(false, AuditEvents.PermissionDenied, AccessErrorCode, message);
}

/// <summary>The <c>event_type</c> values of <c>mcp_log</c> (those of the widely used <c>mcp_server</c> addon).</summary>
public static class AuditEvents
{
    /// <summary>A credential was accepted by common.login/authenticate.</summary>
    public const string AuthSuccess = "auth_success";

    /// <summary>A credential was refused.</summary>
    public const string AuthFailure = "auth_failure";

    /// <summary>An allowed read.</summary>
    public const string ModelAccess = "model_access";

    /// <summary>An allowed server fact (version, database list).</summary>
    public const string ResourceRetrieval = "resource_retrieval";

    /// <summary>An allowed create, write, unlink or business method.</summary>
    public const string WriteOperation = "write_operation";

    /// <summary>A call the policy refused.</summary>
    public const string PermissionDenied = "permission_denied";

    /// <summary>Over a rate limit.</summary>
    public const string RateLimit = "rate_limit";

    /// <summary>A malformed call, or Odoo unreachable.</summary>
    public const string Error = "error";
}
