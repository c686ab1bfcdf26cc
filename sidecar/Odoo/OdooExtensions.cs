namespace OdooSidecar.Odoo;

/// <summary>Registers where Odoo and its databases are.</summary>
public static class OdooExtensions
{
    /// <summary>Binds <see cref="OdooOptions"/> and registers <see cref="OdooDatabases"/>.</summary>
    public static IHostApplicationBuilder AddOdoo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OdooOptions>().BindConfiguration(OdooOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OdooDatabases>();
        return builder;
    }
}
