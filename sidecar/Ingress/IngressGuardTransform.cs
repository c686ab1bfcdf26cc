using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace OdooSidecar.Ingress;

/// <summary>
/// Puts <see cref="IngressGuard"/> first among the request transforms of the front door's route: a refused request
/// gets its answer from <see cref="IngressRefusals"/> and YARP does not forward it (a request transform that writes a
/// response ends the proxying); every other request goes to Odoo unchanged.
/// </summary>
internal sealed partial class IngressGuardTransform(ILogger<IngressGuardTransform> logger) : ITransformProvider
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
        await IngressRefusals.WriteAsync(http, verdict);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Front door refused {Method} {Path} from {RemoteIp}: {Verdict}")]
    private static partial void LogRefused(ILogger logger, string method, string? path, System.Net.IPAddress? remoteIp, IngressVerdict verdict);
}
