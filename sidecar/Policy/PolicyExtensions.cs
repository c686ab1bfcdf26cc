namespace OdooSidecar.Policy;

/// <summary>Registers the in-memory policy and what keeps it fresh.</summary>
public static class PolicyExtensions
{
    /// <summary>Adds <see cref="PolicyStore"/>, its loader and the LISTEN/NOTIFY <see cref="PolicyRefresher"/>.</summary>
    public static IHostApplicationBuilder AddPolicy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PolicyOptions>().BindConfiguration(PolicyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(_ => DeniedModels.LoadShipped());
        builder.Services.AddSingleton<PolicyLoader>();
        builder.Services.AddSingleton<PolicyStore>();
        builder.Services.AddHostedService<PolicyRefresher>();
        return builder;
    }
}
