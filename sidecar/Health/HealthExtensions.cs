namespace OdooSidecar.Health;

/// <summary>Registers and maps the liveness and readiness endpoints.</summary>
public static class HealthExtensions
{
    /// <summary>Adds the check that calls can pass (policy loaded, audit store writable).</summary>
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<PolicyAndAuditHealthCheck>("policy-and-audit", tags: ["ready"]);
        return builder;
    }

    /// <summary>Maps <c>/healthz/live</c> (the process answers) and <c>/healthz/ready</c> (calls can pass).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz/live", new() { Predicate = _ => false });
        endpoints.MapHealthChecks("/healthz/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        return endpoints;
    }
}
