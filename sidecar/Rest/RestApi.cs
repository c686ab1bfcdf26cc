using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OdooSidecar.Audit;
using OdooSidecar.Calls;
using OdooSidecar.Odoo;
using OdooSidecar.Policy;

namespace OdooSidecar.Rest;

/// <summary>
/// The REST routes of the <c>mcp_server</c> addon family that <c>mcp-server-odoo</c> calls in its standard mode
/// (health, key validation, enabled models, per-model access, system info), answered from the policy snapshot in
/// the addon's envelope. They only describe the policy: every XML-RPC call is still decided on its own.
/// </summary>
public static partial class RestApi
{
    /// <summary>What <c>mcp_server_version</c> reports: this sidecar's build.</summary>
    internal static readonly string McpServerVersion =
        typeof(RestApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Registers the gate and the client that asks Odoo for its version and the caller's context.</summary>
    public static IHostApplicationBuilder AddRest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RestGate>();
        builder.Services.AddHttpClient<OdooServerFacts>((services, client) =>
        {
            var odoo = services.GetRequiredService<IOptions<OdooOptions>>().Value;
            client.BaseAddress = new Uri(odoo.Url.ToString().TrimEnd('/') + "/");
            client.Timeout = odoo.Timeout;
        });
        return builder;
    }

    /// <summary>Maps <c>GET /mcp/health</c>, <c>/mcp/auth/validate</c>, <c>/mcp/models</c>, <c>/mcp/models/{model}/access</c> and <c>/mcp/system/info</c>.</summary>
    public static IEndpointRouteBuilder MapRest(this IEndpointRouteBuilder endpoints)
    {
        var mcp = endpoints.MapGroup("/mcp").AddEndpointFilter(AnswerUnexpectedFailures);
        mcp.MapGet("/health", HealthAsync);
        mcp.MapGet("/auth/validate", ValidateKeyAsync);
        mcp.MapGet("/models", EnabledModelsAsync);
        mcp.MapGet("/models/{model}/access", ModelAccessAsync);
        mcp.MapGet("/system/info", SystemInfoAsync);
        return endpoints;
    }

    private static async Task<JsonHttpResult<RestEnvelope<HealthData>>> HealthAsync(HttpContext context, RestGate gate)
    {
        var call = await gate.AdmitAsync(context, authenticate: false);
        call.Audited = false;
        return call.Refusal is { } refused
            ? gate.Refuse(call, refused, RestJsonContext.Relaxed.RestEnvelopeHealthData)
            : gate.Answer(call, AuditEvents.ResourceRetrieval, new HealthData("ok", McpServerVersion), RestJsonContext.Relaxed.RestEnvelopeHealthData);
    }

    private static async Task<JsonHttpResult<RestEnvelope<KeyValidationData>>> ValidateKeyAsync(HttpContext context, RestGate gate)
    {
        var call = await gate.AdmitAsync(context, authenticate: true);
        return call.Refusal is { } refused
            ? gate.Refuse(call, refused, RestJsonContext.Relaxed.RestEnvelopeKeyValidationData)
            : gate.Answer(call, AuditEvents.AuthSuccess, new KeyValidationData(true, call.User.UserId, "api_key"), RestJsonContext.Relaxed.RestEnvelopeKeyValidationData);
    }

    private static async Task<JsonHttpResult<RestEnvelope<EnabledModelsData>>> EnabledModelsAsync(HttpContext context, RestGate gate)
    {
        var call = await gate.AdmitAsync(context, authenticate: true);
        if (call.Refusal is { } refused)
        {
            return gate.Refuse(call, refused, RestJsonContext.Relaxed.RestEnvelopeEnabledModelsData);
        }

        var models = ReachableModels(call.AdmittedPolicy).Select(model => new EnabledModelEntry(model, call.AdmittedPolicy.ModelNames.GetValueOrDefault(model, model))).ToList();
        return gate.Answer(call, AuditEvents.ResourceRetrieval, new EnabledModelsData(models), RestJsonContext.Relaxed.RestEnvelopeEnabledModelsData);
    }

    private static async Task<JsonHttpResult<RestEnvelope<ModelAccessData>>> ModelAccessAsync(HttpContext context, RestGate gate, string model)
    {
        var json = RestJsonContext.Relaxed.RestEnvelopeModelAccessData;
        var call = await gate.AdmitAsync(context, authenticate: true);
        if (call.Refusal is { } refused)
        {
            return gate.Refuse(call, refused, json, model);
        }

        var policy = call.AdmittedPolicy;
        if (!ModelName().IsMatch(model))
        {
            return gate.Refuse(call, new RestRefusal(StatusCodes.Status400BadRequest, $"Invalid model name format: {model}", AuditEvents.Error, AuditOutcomes.Error), json, model);
        }

        if (!policy.ModelNames.ContainsKey(model))
        {
            return gate.Refuse(call, new RestRefusal(StatusCodes.Status404NotFound, $"Model '{model}' not found in Odoo instance.", AuditEvents.ModelAccess, AuditOutcomes.Denied), json, model);
        }

        if (policy.Denied.Contains(model) || !policy.EnabledModels.TryGetValue(model, out var allowed))
        {
            return gate.Refuse(call, RestRefusal.Denied(StatusCodes.Status403Forbidden, $"Model '{model}' is not enabled for MCP access."), json, model);
        }

        var operations = new ModelOperations(allowed.HasFlag(Permissions.Read), allowed.HasFlag(Permissions.Create), allowed.HasFlag(Permissions.Write), allowed.HasFlag(Permissions.Unlink));
        return gate.Answer(call, AuditEvents.ModelAccess, new ModelAccessData(model, true, operations), json, model);
    }

    private static async Task<JsonHttpResult<RestEnvelope<SystemInfoData>>> SystemInfoAsync(HttpContext context, RestGate gate, OdooServerFacts odoo)
    {
        var json = RestJsonContext.Relaxed.RestEnvelopeSystemInfoData;
        var call = await gate.AdmitAsync(context, authenticate: true);
        if (call.Refusal is { } refused)
        {
            return gate.Refuse(call, refused, json);
        }

        string version;
        string? language, timeZone;
        try
        {
            version = await odoo.ServerVersionAsync(context.RequestAborted);
            var key = context.Request.Headers[RestGate.ApiKeyHeader].ToString();
            (language, timeZone) = await odoo.UserContextAsync(call.Database, call.User.UserId, key, context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or OdooAnswerException || (e is TaskCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            var unreachable = new RestRefusal(StatusCodes.Status503ServiceUnavailable, "Odoo did not answer the sidecar's questions about its version and the user's settings.", AuditEvents.Error, AuditOutcomes.Error) { Detail = e.Message };
            return gate.Refuse(call, unreachable, json);
        }

        // The addon's fallbacks when the user has no language or time zone set.
        var info = new SystemInfoData(call.Database, version, language ?? "en_US", ReachableModels(call.AdmittedPolicy).Count(), McpServerVersion, timeZone ?? "UTC");
        return gate.Answer(call, AuditEvents.ResourceRetrieval, info, json);
    }

    /// <summary>Enabled models an agent can reach: a row for a denylisted model (added by SQL, say) enables nothing.</summary>
    private static IEnumerable<string> ReachableModels(PolicySnapshot policy) =>
        policy.EnabledModels.Keys.Where(model => !policy.Denied.Contains(model)).Order(StringComparer.Ordinal);

    /// <summary>A failure no route expects still answers in the envelope, never as a bare 500.</summary>
    private static async ValueTask<object?> AnswerUnexpectedFailures(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        try
        {
            return await next(invocation);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpectedFailure(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RestApi)), e, context.Request.Path.Value);
            return RestGate.Failure(StatusCodes.Status500InternalServerError, "OdooSidecar could not answer this call.", RestJsonContext.Relaxed.RestEnvelopeNoData);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "REST call {Path} failed")]
    private static partial void LogUnexpectedFailure(ILogger logger, Exception exception, string? path);

    /// <summary>The addon's check of a model name.</summary>
    [GeneratedRegex(@"\A[a-zA-Z0-9._]+\z")]
    private static partial Regex ModelName();
}
