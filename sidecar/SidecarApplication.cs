using OdooSidecar.Audit;
using OdooSidecar.Bridges;
using OdooSidecar.Gateway;
using OdooSidecar.Health;
using OdooSidecar.Identity;
using OdooSidecar.Ingress;
using OdooSidecar.Odoo;
using OdooSidecar.Policy;
using OdooSidecar.RateLimits;
using OdooSidecar.Rest;

namespace OdooSidecar;

/// <summary>Composes the sidecar: one <c>AddXxx</c> and <c>MapXxx</c> per capability.</summary>
public static class SidecarApplication
{
    /// <summary>
    /// Builds the application; <paramref name="configure"/> lets tests and benchmarks adjust the builder (its
    /// configuration above all) before the capabilities read it.
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json sits next to the binaries, wherever the process is started from.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        builder.AddOdoo();
        builder.AddPolicy();
        builder.AddIdentity();
        builder.AddAudit();
        builder.AddBridges();
        builder.AddRateLimits();
        builder.AddGateway();
        builder.AddHealth();
        builder.AddRest();
        builder.AddIngress();

        var app = builder.Build();
        app.MapGateway();
        app.MapHealth();
        app.MapRest();
        return app;
    }
}
