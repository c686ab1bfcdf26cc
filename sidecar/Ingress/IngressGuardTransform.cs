using OdooSidecar.Audit;
using OdooSidecar.Odoo;
using OdooSidecar.Policy;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace OdooSidecar.Ingress;

/// <summary>
/// Puts <see cref="IngressGuard"/> first among the request transforms of the front door's route: a refused request
/// gets its answer from <see cref="IngressRefusals"/> and YARP does not forward it (a request transform that writes a
/// response ends the proxying); every other request goes to Odoo unchanged. Refusals are audited like every other
/// refused call, in the default database.
/// </summary>
internal sealed partial class IngressGuardTransform(OdooDatabases databases, AuditWriter audit, ILogger<IngressGuardTransform> logger) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.RouteId == IngressProxyConfig.RouteId)
        {
            context.RequestTransforms.Insert(0, new RequestFuncTransform(GuardAsync));
        }
    }

    private async ValueTask GuardAsync(RequestTransformContext transform)
    {
        var http = transform.HttpContext;
        var request = http.Request;
        var hasWebSession = !string.IsNullOrEmpty(request.Cookies[IngressGuard.SessionCookie]);
        var verdict = IngressGuard.Decide(request.Method, request.Path.Value ?? "/", hasWebSession);
        if (verdict == IngressVerdict.Forward)
        {
            return;
        }

        LogRefused(logger, request.Method, request.Path.Value, http.Connection.RemoteIpAddress, verdict);
        if (audit.IsAvailable(databases.Default, out _))
        {
            audit.Enqueue(databases.Default, new AuditRecord
            {
                EventType = AuditEvents.PermissionDenied,
                Outcome = AuditOutcomes.Denied,
                IpAddress = http.Connection.RemoteIpAddress?.ToString(),
                Endpoint = request.Path.Value ?? "/",
                HttpMethod = request.Method,
                ErrorMessage = IngressRefusals.Message(verdict),
                UserAgent = request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null,
            });
        }

        await IngressRefusals.WriteAsync(http, verdict);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Front door refused {Method} {Path} from {RemoteIp}: {Verdict}")]
    private static partial void LogRefused(ILogger logger, string method, string? path, System.Net.IPAddress? remoteIp, IngressVerdict verdict);
}
