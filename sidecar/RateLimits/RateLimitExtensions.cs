namespace OdooSidecar.RateLimits;

/// <summary>Registers the call rate limiter.</summary>
public static class RateLimitExtensions
{
    /// <summary>Adds <see cref="CallRateLimiter"/>.</summary>
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallRateLimiter>();
        return builder;
    }
}
