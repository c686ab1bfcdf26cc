using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms.Builder;

namespace OdooSidecar.Ingress;

/// <summary>Registers the front door to the rest of Odoo (<c>Ingress:Mode</c>).</summary>
public static class IngressExtensions
{
    /// <summary>Adds the catch-all route to Odoo and its guard; the route exists only with <see cref="IngressMode.Guard"/>.</summary>
    public static IHostApplicationBuilder AddIngress(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngressOptions>().BindConfiguration(IngressOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IProxyConfigProvider, IngressProxyConfig>();
        builder.Services.AddSingleton<ITransformProvider, IngressGuardTransform>();
        return builder;
    }
}
