using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OdooSidecar.Policy;

namespace OdooSidecar.Testing;

/// <summary>The real sidecar on real Kestrel, on a free loopback port, in front of an upstream and a database.</summary>
public sealed class SidecarHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SidecarHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The sidecar's base address.</summary>
    public Uri Address { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a sidecar and waits until the database's policy is loaded.</summary>
    public static async Task<SidecarHost> StartAsync(Uri odooUrl, string connectionString, IDictionary<string, string?>? settings = null)
    {
        var app = SidecarApplication.Create([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Odoo:Url"] = odooUrl.ToString(),
                ["Odoo:ConnectionString"] = connectionString,
                ["Odoo:Timeout"] = "00:00:05",
                ["Policy:RetryDelay"] = "00:00:00.100",
                ["Audit:RetryDelay"] = "00:00:00.100",
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
        });
        await app.StartAsync();
        var host = new SidecarHost(app, LoopbackServer.AddressOf(app));
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
        await host.WaitForPolicyAsync(database, TimeSpan.FromSeconds(10));
        return host;
    }

    /// <summary>Waits until the policy of <paramref name="database"/> is loaded.</summary>
    public async Task WaitForPolicyAsync(string database, TimeSpan timeout)
    {
        var store = _app.Services.GetRequiredService<PolicyStore>();
        var clock = Stopwatch.StartNew();
        while (store.Current(database, out var problem) is null)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The policy of {database} did not load: {problem}");
            }

            await Task.Delay(20);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
