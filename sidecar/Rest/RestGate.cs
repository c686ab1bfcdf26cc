using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using OdooSidecar.Audit;
using OdooSidecar.Bridges;
using OdooSidecar.Identity;
using OdooSidecar.Odoo;
using OdooSidecar.Policy;
using OdooSidecar.RateLimits;

namespace OdooSidecar.Rest;

/// <summary>
/// What every REST route checks before it answers, in the XML-RPC path's order and with its fail-closed rules:
/// database (<c>X-Odoo-Database</c> or the default) → audit store → policy → bridge token → database allowed →
/// API key → MCP User → rate limits → global switch. Also writes the route's audit row and its envelope.
/// </summary>
internal sealed class RestGate(
    OdooDatabases databases,
    PolicyStore policies,
    CredentialVerifier credentials,
    BridgeAuthenticator bridges,
    CallRateLimiter rateLimiter,
    AuditWriter audit)
{
    /// <summary>The header mcp-server-odoo sends once it knows the database.</summary>
    public const string DatabaseHeader = "X-Odoo-Database";

    /// <summary>The header that carries the Odoo API key.</summary>
    public const string ApiKeyHeader = "X-API-Key";

    /// <summary>The addon's text for a switched-off server.</summary>
    public const string DisabledMessage = "MCP Server is disabled globally.";

    /// <summary>The addon's text for a missing or wrong key (session cookies are not accepted here).</summary>
    public const string AuthenticationRequiredMessage = "Authentication required. Provide a valid API key (X-API-Key header).";


    /// <summary>Runs the checks; <paramref name="authenticate"/> false skips the key (health).</summary>
    public async Task<RestCall> AdmitAsync(HttpContext context, bool authenticate)
    {
        var call = new RestCall(context, Stopwatch.GetTimestamp());
        var named = context.Request.Headers[DatabaseHeader].ToString();
        var database = named.Length > 0 ? named : databases.Default;
        var served = databases.IsServed(database);
        call.Database = served ? database : databases.Default;

        if (!audit.IsAvailable(call.Database, out var auditProblem))
        {
            return call.Refuse(new(StatusCodes.Status503ServiceUnavailable, Decision.CannotCheckPrefix + auditProblem + ".", AuditEvents.Error, AuditOutcomes.Error) { Audited = false });
        }

        call.Policy = policies.Current(call.Database, out var policyProblem);
        if (call.Policy is null)
        {
            return call.Refuse(new(StatusCodes.Status503ServiceUnavailable, Decision.CannotCheckPrefix + policyProblem + ".", AuditEvents.Error, AuditOutcomes.Error));
        }

        if (authenticate)
        {
            var bridge = await bridges.AuthenticateAsync(context);
            if (bridge.Problem is not null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return call.Refuse(new(StatusCodes.Status401Unauthorized, bridge.RefusalMessage, AuditEvents.AuthFailure, AuditOutcomes.Denied));
            }

            call.Bridge = bridge.Name;
        }

        if (!served || !call.Policy.AllowsDatabase(database))
        {
            return call.Refuse(RestRefusal.Denied(StatusCodes.Status403Forbidden, $"Database '{database}' is not served to AI agents."));
        }

        if (authenticate)
        {
            var key = context.Request.Headers[ApiKeyHeader].ToString();
            if (key.Length == 0)
            {
                return call.Refuse(new(StatusCodes.Status401Unauthorized, AuthenticationRequiredMessage, AuditEvents.AuthFailure, AuditOutcomes.Denied) { Detail = "no X-API-Key header" });
            }

            IdentityCheck identity;
            try
            {
                identity = await credentials.VerifyAsync(database, key, null, null, allowPasswords: false, context.RequestAborted);
            }
            catch (NpgsqlException e)
            {
                return call.Refuse(new(StatusCodes.Status503ServiceUnavailable, Decision.CannotCheckPrefix + "the Odoo database is unreachable.", AuditEvents.Error, AuditOutcomes.Error) { Detail = e.Message });
            }

            if (identity.Caller is not { } caller)
            {
                return call.Refuse(new(StatusCodes.Status401Unauthorized, AuthenticationRequiredMessage, AuditEvents.AuthFailure, AuditOutcomes.Denied) { Detail = identity.Problem });
            }

            call.Caller = caller;
            if (!caller.IsMcpUser)
            {
                return call.Refuse(RestRefusal.Denied(StatusCodes.Status403Forbidden, CallDecision.NotAnMcpUserMessage(caller.Login)));
            }

            if (rateLimiter.TryAcquire(call.Policy, database, caller.UserId, call.Bridge) is { } overLimit)
            {
                context.Response.Headers.RetryAfter = Math.Ceiling(overLimit.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return call.Refuse(new(StatusCodes.Status429TooManyRequests, overLimit.Message, AuditEvents.RateLimit, AuditOutcomes.Denied));
            }
        }

        return call.Policy.Enabled ? call : call.Refuse(RestRefusal.Denied(StatusCodes.Status503ServiceUnavailable, DisabledMessage));
    }

    /// <summary>
    /// Answers 200 with <paramref name="data"/> and records it as <paramref name="eventType"/>. Allowed reads follow
    /// <c>mcp_server.enable_logging</c> as on the XML-RPC path; an authentication is always recorded.
    /// </summary>
    public JsonHttpResult<RestEnvelope<T>> Answer<T>(RestCall call, string eventType, T data, JsonTypeInfo<RestEnvelope<T>> json, string? model = null)
        where T : class
    {
        if (call.Audited && (eventType == AuditEvents.AuthSuccess || call.Policy?.AuditReads == true))
        {
            audit.Enqueue(call.Database, call.Record(eventType, AuditOutcomes.Success, model, null, null));
        }

        return TypedResults.Json(new RestEnvelope<T>(true, data, null, RestMeta.At(DateTime.UtcNow)), json, statusCode: StatusCodes.Status200OK);
    }

    /// <summary>Answers with the refusal's status and envelope; records it unless the audit store is the problem.</summary>
    public JsonHttpResult<RestEnvelope<T>> Refuse<T>(RestCall call, RestRefusal refusal, JsonTypeInfo<RestEnvelope<T>> json, string? model = null)
        where T : class
    {
        var code = Code(refusal.Status);
        if (call.Audited && refusal.Audited)
        {
            var message = refusal.Detail is null ? refusal.Message : $"{refusal.Message} ({refusal.Detail})";
            audit.Enqueue(call.Database, call.Record(refusal.EventType, refusal.Outcome, model, message, code));
        }

        return Failure(refusal.Status, refusal.Message, json);
    }

    /// <summary>An error envelope, not audited: for failures outside the checks above.</summary>
    public static JsonHttpResult<RestEnvelope<T>> Failure<T>(int status, string message, JsonTypeInfo<RestEnvelope<T>> json)
        where T : class =>
        TypedResults.Json(new RestEnvelope<T>(false, null, new RestError(message, Code(status)), RestMeta.At(DateTime.UtcNow)), json, statusCode: status);

    /// <summary>The addon's error code: <c>E</c> and the HTTP status (E400, E401, E403, E404, E429, E500, E503).</summary>
    public static string Code(int status) => "E" + status.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A REST call on its way through <see cref="RestGate"/>: where it goes, who makes it, and whether it was refused.</summary>
internal sealed class RestCall(HttpContext context, long started)
{
    /// <summary>The database whose policy, keys and audit the call uses (the default one for an unserved name).</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>That database's policy, once loaded.</summary>
    public PolicySnapshot? Policy { get; set; }

    /// <summary>The bridge server that relayed the call, when bridges are required.</summary>
    public string? Bridge { get; set; }

    /// <summary>The key's owner, once verified.</summary>
    public Caller? Caller { get; set; }

    /// <summary>Why the gate refused the call, or null when it may proceed.</summary>
    public RestRefusal? Refusal { get; private set; }

    /// <summary>False for routes that write no audit rows (health).</summary>
    public bool Audited { get; set; } = true;

    /// <summary>The API key's owner; only valid after an authenticated, admitted call.</summary>
    public Caller User => Caller ?? throw new InvalidOperationException("The call was not authenticated.");

    /// <summary>The admitted policy; only valid after an admitted call.</summary>
    public PolicySnapshot AdmittedPolicy => Policy ?? throw new InvalidOperationException("The call was not admitted.");

    public RestCall Refuse(RestRefusal refusal)
    {
        Refusal = refusal;
        return this;
    }

    public AuditRecord Record(string eventType, string outcome, string? model, string? error, string? errorCode) => new()
    {
        EventType = eventType,
        Outcome = outcome,
        UserId = Caller?.UserId,
        ApiKeyUsed = Caller?.CredentialLabel,
        IpAddress = context.Connection.RemoteIpAddress?.ToString(),
        Endpoint = context.Request.Path.Value ?? string.Empty,
        HttpMethod = context.Request.Method,
        ModelName = model,
        ErrorMessage = error,
        ErrorCode = errorCode,
        DurationMs = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        UserAgent = context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
        Bridge = Bridge,
    };
}

/// <summary>A refused REST call: HTTP status, the message for the caller, and how the audit row records it.</summary>
/// <param name="Status">The HTTP status; the envelope's code is <c>E</c> and this number.</param>
/// <param name="Message">What the caller reads.</param>
/// <param name="EventType">The audit row's <c>event_type</c>.</param>
/// <param name="Outcome">The audit row's <c>outcome</c>.</param>
internal sealed record RestRefusal(int Status, string Message, string EventType, string Outcome)
{
    /// <summary>What the audit row adds to <see cref="Message"/> (kept from the caller).</summary>
    public string? Detail { get; init; }

    /// <summary>False when the audit store itself is why the call is refused.</summary>
    public bool Audited { get; init; } = true;

    /// <summary>A policy refusal (<c>permission_denied</c>, <c>denied</c>).</summary>
    public static RestRefusal Denied(int status, string message) => new(status, message, AuditEvents.PermissionDenied, AuditOutcomes.Denied);
}
