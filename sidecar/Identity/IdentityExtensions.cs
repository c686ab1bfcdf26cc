namespace OdooSidecar.Identity;

/// <summary>Registers credential checking.</summary>
public static class IdentityExtensions
{
    /// <summary>Adds <see cref="CredentialVerifier"/> and its cache.</summary>
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<CredentialVerifier>();
        return builder;
    }
}
