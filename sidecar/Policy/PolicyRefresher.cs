using Microsoft.Extensions.Options;
using Npgsql;
using OdooSidecar.Odoo;

namespace OdooSidecar.Policy;

/// <summary>
/// Keeps <see cref="PolicyStore"/> current: per database, one connection LISTENs on
/// <see cref="PolicyOptions.Channel"/> and reloads on every notification and every
/// <see cref="PolicyOptions.ReloadInterval"/>. When the connection or a reload fails the database's policy is
/// withdrawn (calls are refused) until a reload succeeds again.
/// </summary>
public sealed partial class PolicyRefresher(
    OdooDatabases databases,
    PolicyLoader loader,
    PolicyStore store,
    IOptions<PolicyOptions> options,
    ILogger<PolicyRefresher> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(databases.Names.Select(name => KeepFreshAsync(name, stoppingToken)));

    private async Task KeepFreshAsync(string database, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAndReloadAsync(database, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException)
            {
                store.MarkUnavailable(database, $"the policy store is unreachable ({e.Message})");
                databases[database].Clear();
                LogPolicyUnavailable(database, e);
                await Task.Delay(options.Value.RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ListenAndReloadAsync(string database, CancellationToken stoppingToken)
    {
        await using var connection = await databases[database].OpenConnectionAsync(stoppingToken);

        // A notification can also arrive while a reload runs (its change possibly after the reload's snapshot);
        // the flag makes sure such a change triggers one more reload.
        var notified = 0;
        connection.Notification += (_, _) => Volatile.Write(ref notified, 1);
        await using (var listen = new NpgsqlCommand($"LISTEN {PolicyOptions.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Load after LISTEN so that no change committed in between is missed.
        await ReloadAsync(database, connection, "start", stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var pending = Interlocked.Exchange(ref notified, 0) == 1;
            if (!pending)
            {
                await connection.WaitAsync(options.Value.ReloadInterval, stoppingToken);
                pending = Interlocked.Exchange(ref notified, 0) == 1;
            }

            await ReloadAsync(database, connection, pending ? "notification" : "interval", stoppingToken);
        }
    }

    private async Task ReloadAsync(string database, NpgsqlConnection connection, string reason, CancellationToken stoppingToken)
    {
        var snapshot = await loader.LoadAsync(connection, stoppingToken);
        store.Publish(database, snapshot);
        LogPolicyLoaded(database, reason, snapshot.EnabledModels.Count, snapshot.Enabled);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Policy of {Database} loaded ({Reason}): {Models} enabled models, switch {Enabled}")]
    private partial void LogPolicyLoaded(string database, string reason, int models, bool enabled);

    [LoggerMessage(Level = LogLevel.Error, Message = "Policy of {Database} unavailable; refusing its calls until it reloads")]
    private partial void LogPolicyUnavailable(string database, Exception exception);
}
