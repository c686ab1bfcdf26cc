namespace OdooSidecar.Audit;

/// <summary>Registers the audit trail.</summary>
public static class AuditExtensions
{
    /// <summary>Adds <see cref="AuditWriter"/> as a singleton and as the hosted service that flushes it.</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AuditWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AuditWriter>());
        return builder;
    }
}
