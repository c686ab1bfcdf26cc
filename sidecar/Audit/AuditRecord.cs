namespace OdooSidecar.Audit;

/// <summary>One <c>mcp_log</c> row: a call, allowed or refused. Never holds a credential.</summary>
public sealed class AuditRecord
{
    /// <summary>When the call arrived (UTC).</summary>
    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;

    /// <summary><c>event_type</c>: auth_success, model_access, write_operation, permission_denied, ...</summary>
    public required string EventType { get; init; }

    /// <summary><c>outcome</c>: see <see cref="AuditOutcomes"/>.</summary>
    public required string Outcome { get; set; }

    /// <summary>The verified Odoo user, when there is one.</summary>
    public long? UserId { get; init; }

    /// <summary>The credential's name or index (<c>api_key_used</c>).</summary>
    public string? ApiKeyUsed { get; init; }

    /// <summary>The caller's address.</summary>
    public string? IpAddress { get; init; }

    /// <summary>The request path.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The HTTP method.</summary>
    public required string HttpMethod { get; init; }

    /// <summary>common, db or object.</summary>
    public string? Service { get; init; }

    /// <summary>The model method, or the service method for common and db.</summary>
    public string? Method { get; init; }

    /// <summary>The model of an object call.</summary>
    public string? ModelName { get; init; }

    /// <summary>read, create, write, unlink, business_method, auth, meta, db_admin.</summary>
    public string? Operation { get; init; }

    /// <summary>Ids the call named (or, for a create, the ids Odoo answered), comma-separated.</summary>
    public string? RecordIds { get; set; }

    /// <summary>The call's parameters, credentials redacted, truncated.</summary>
    public string? RequestData { get; init; }

    /// <summary>The start of Odoo's answer, truncated.</summary>
    public string? ResponseData { get; set; }

    /// <summary>Why the call was refused or failed.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The XML-RPC fault code, as text.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Time from the request's arrival to the answer.</summary>
    public int? DurationMs { get; set; }

    /// <summary>The caller's User-Agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The bridge server that relayed the call (JWT subject), when there is one.</summary>
    public string? Bridge { get; init; }
}

/// <summary>The <c>outcome</c> values of <c>mcp_log</c>.</summary>
public static class AuditOutcomes
{
    /// <summary>A mutating call was recorded and is being forwarded; a row left pending means the sidecar stopped before Odoo answered.</summary>
    public const string Pending = "pending";

    /// <summary>Odoo answered with a result.</summary>
    public const string Success = "success";

    /// <summary>Odoo answered with a fault.</summary>
    public const string Fault = "fault";

    /// <summary>The sidecar refused the call.</summary>
    public const string Denied = "denied";

    /// <summary>Odoo could not be reached or the call could not be read.</summary>
    public const string Error = "error";
}
