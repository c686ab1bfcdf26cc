using OdooSidecar.Audit;
using OdooSidecar.Gateway;
using OdooSidecar.Health;
using OdooSidecar.Identity;
using OdooSidecar.Odoo;
using OdooSidecar.Policy;

namespace OdooSidecar;

/// <summary>Composes the sidecar: one <c>AddXxx</c> and <c>MapXxx</c> per capability.</summary>
public static class SidecarApplication
{
    /// <summary>Builds the application; <paramref name="configure"/> lets tests and benchmarks adjust the builder.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.AddOdoo();
        builder.AddPolicy();
        builder.AddIdentity();
        builder.AddAudit();
        builder.AddGateway();
        builder.AddHealth();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGateway();
        app.MapHealth();
        return app;
    }
}
