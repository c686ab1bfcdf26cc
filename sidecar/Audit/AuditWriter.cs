using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using OdooSidecar.Odoo;

namespace OdooSidecar.Audit;

/// <summary>
/// Writes <c>mcp_log</c> rows with group commit: per database one loop gathers rows and writes them with one
/// binary COPY per transaction. A durable row (a mutating call) is flushed at once and its caller waits for the
/// commit; other rows wait at most <see cref="AuditOptions.FlushInterval"/>. When the store fails, durable rows fail
/// (their calls are refused), others are kept and retried, and <see cref="IsAvailable"/> turns false so new calls
/// are refused until a flush succeeds again.
/// </summary>
public sealed partial class AuditWriter : BackgroundService
{
    internal const string ReserveIdsSql = "SELECT nextval(pg_get_serial_sequence('mcp_log', 'id')) FROM generate_series(1, @Count)";

    internal const string CopySql = """
        COPY mcp_log (id, create_date, write_date, create_uid, write_uid, event_type, outcome, user_id, api_key_used,
                      ip_address, endpoint, http_method, service, method, model_name, operation, record_ids,
                      request_data, response_data, error_message, error_code, duration_ms, user_agent, bridge)
        FROM STDIN (FORMAT BINARY)
        """;

    internal const string OutcomeSql = """
        UPDATE mcp_log
        SET outcome = $2, response_data = $3, error_message = $4, error_code = $5, duration_ms = $6,
            record_ids = COALESCE($7, record_ids), write_date = now() AT TIME ZONE 'utc'
        WHERE id = $1
        """;

    private readonly OdooDatabases _databases;
    private readonly AuditOptions _options;
    private readonly ILogger<AuditWriter> _logger;
    private readonly ConcurrentDictionary<string, AuditQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>Creates the writer with one queue per served database.</summary>
    public AuditWriter(OdooDatabases databases, IOptions<AuditOptions> options, ILogger<AuditWriter> logger)
    {
        _databases = databases;
        _options = options.Value;
        _logger = logger;
        foreach (var name in databases.Names)
        {
            _queues[name] = new AuditQueue();
        }
    }

    /// <summary>False (with the reason) while the audit store of <paramref name="database"/> is failing or full.</summary>
    public bool IsAvailable(string database, out string? problem)
    {
        var queue = _queues[database];
        problem = queue.Problem ?? (Volatile.Read(ref queue.Count) >= _options.MaxQueue ? "the audit queue is full" : null);
        return problem is null;
    }

    /// <summary>Commits <paramref name="record"/> before returning and gives its id; throws when the store fails.</summary>
    public Task<long> CommitAsync(string database, AuditRecord record, CancellationToken cancellationToken)
    {
        var work = new AuditWork(record, null, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        Enqueue(database, work);
        _queues[database].Urgent.Release();
        return work.Committed!.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues <paramref name="record"/> to be committed within the flush interval.</summary>
    public void Enqueue(string database, AuditRecord record) => Enqueue(database, new AuditWork(record, null, null));

    /// <summary>Queues the final outcome of the committed row <paramref name="id"/>.</summary>
    public void RecordOutcome(string database, long id, AuditRecord record) => Enqueue(database, new AuditWork(record, id, null));

    /// <inheritdoc />
    public override void Dispose()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Dispose();
        }

        base.Dispose();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_queues.Select(pair => Task.Run(() => RunAsync(pair.Key, pair.Value, stoppingToken), CancellationToken.None)));

    private void Enqueue(string database, AuditWork work)
    {
        var queue = _queues[database];
        var count = Interlocked.Increment(ref queue.Count);
        queue.Channel.Writer.TryWrite(work);

        // A full batch goes out at once: rows kept in memory until the interval ends would survive garbage
        // collections and be copied from generation to generation.
        if (count % _options.MaxBatch == 0)
        {
            queue.Urgent.Release();
        }
    }

    private async Task RunAsync(string database, AuditQueue queue, CancellationToken stoppingToken)
    {
        var pending = new List<AuditWork>();
        var reader = queue.Channel.Reader;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (pending.Count == 0 && !await reader.WaitToReadAsync(stoppingToken))
                {
                    break;
                }

                await GatherAsync(queue, pending, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await FlushOrRetainAsync(database, queue, pending, stoppingToken);
        }

        // Shutting down: one last attempt for whatever is still in memory.
        Drain(reader, pending, int.MaxValue);
        if (pending.Count > 0)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await FlushOrRetainAsync(database, queue, pending, timeout.Token);
        }
    }

    /// <summary>
    /// Collects rows until one is durable, the batch is full or the flush interval has passed. Sleeps through
    /// ordinary rows (no wake-up per row); only a durable row or a full batch wakes it before the interval ends.
    /// </summary>
    private async Task GatherAsync(AuditQueue queue, List<AuditWork> pending, CancellationToken stoppingToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.FlushInterval.TotalSeconds * Stopwatch.Frequency);
        while (!Drain(queue.Channel.Reader, pending, _options.MaxBatch) && pending.Count < _options.MaxBatch)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero || !await queue.Urgent.WaitAsync(remaining, stoppingToken))
            {
                Drain(queue.Channel.Reader, pending, _options.MaxBatch);
                return;
            }
        }
    }

    /// <summary>Moves queued work into <paramref name="pending"/>; true when a durable row is among it.</summary>
    private static bool Drain(ChannelReader<AuditWork> reader, List<AuditWork> pending, int max)
    {
        var durable = false;
        while (pending.Count < max && reader.TryRead(out var work))
        {
            pending.Add(work);
            durable |= work.Committed is not null;
        }

        return durable;
    }

    private async Task FlushOrRetainAsync(string database, AuditQueue queue, List<AuditWork> pending, CancellationToken cancellationToken)
    {
        var batch = pending.Count <= _options.MaxBatch ? pending.ToList() : pending.GetRange(0, _options.MaxBatch);
        try
        {
            var ids = await FlushAsync(_databases[database], batch, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Committed?.TrySetResult(ids[i]);
            }

            pending.RemoveRange(0, batch.Count);
            Interlocked.Add(ref queue.Count, -batch.Count);
            queue.Problem = null;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or IOException or OperationCanceledException)
        {
            queue.Problem = $"the audit store is unreachable ({e.Message})";
            LogFlushFailed(database, batch.Count, e);

            // Connections pooled before the failure are likely dead; recovery should not have to trip over each of them.
            _databases[database].Clear();

            // Durable rows fail now, so their calls are refused; the others stay and are retried.
            var failed = pending.RemoveAll(w => w.Committed?.TrySetException(new AuditUnavailableException(queue.Problem, e)) == true);
            Interlocked.Add(ref queue.Count, -failed);
            if (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.RetryDelay, CancellationToken.None);
            }
        }
    }

    /// <summary>Inserts the new rows and applies the outcomes in one transaction; gives each work item's row id.</summary>
    private async Task<long[]> FlushAsync(NpgsqlDataSource dataSource, List<AuditWork> batch, CancellationToken cancellationToken)
    {
        var ids = new long[batch.Count];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserts = batch.Count(w => w.UpdateId is null);
        if (inserts > 0)
        {
            using var reserved = (await connection.QueryAsync<long>(new CommandDefinition(ReserveIdsSql, new { Count = inserts }, transaction, cancellationToken: cancellationToken))).GetEnumerator();
            await using var importer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].UpdateId is null)
                {
                    reserved.MoveNext();
                    ids[i] = reserved.Current;
                    await WriteRowAsync(importer, ids[i], batch[i].Record, cancellationToken);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        if (inserts < batch.Count)
        {
            await using var updates = new NpgsqlBatch(connection, transaction);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].UpdateId is { } id)
                {
                    ids[i] = id;
                    updates.BatchCommands.Add(OutcomeCommand(id, batch[i].Record));
                }
            }

            await updates.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    private async Task WriteRowAsync(NpgsqlBinaryImporter importer, long id, AuditRecord r, CancellationToken cancellationToken)
    {
        var created = DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Unspecified);
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync((int)id, NpgsqlDbType.Integer, cancellationToken);
        await importer.WriteAsync(created, NpgsqlDbType.Timestamp, cancellationToken);
        await importer.WriteAsync(created, NpgsqlDbType.Timestamp, cancellationToken);
        await WriteAsync(importer, (int?)r.UserId, NpgsqlDbType.Integer, cancellationToken);
        await WriteAsync(importer, (int?)r.UserId, NpgsqlDbType.Integer, cancellationToken);
        await WriteAsync(importer, r.EventType, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, r.Outcome, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, (int?)r.UserId, NpgsqlDbType.Integer, cancellationToken);
        await WriteAsync(importer, Truncate(r.ApiKeyUsed), NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, r.IpAddress, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, Truncate(r.Endpoint), NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, r.HttpMethod, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, r.Service, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, Truncate(r.Method), NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, Truncate(r.ModelName), NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, r.Operation, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, Truncate(r.RecordIds), NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, Truncate(r.RequestData), NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(importer, Truncate(r.ResponseData), NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(importer, Truncate(r.ErrorMessage), NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(importer, r.ErrorCode, NpgsqlDbType.Varchar, cancellationToken);
        await WriteAsync(importer, r.DurationMs, NpgsqlDbType.Integer, cancellationToken);
        await WriteAsync(importer, Truncate(r.UserAgent), NpgsqlDbType.Text, cancellationToken);
        await WriteAsync(importer, Truncate(r.Bridge), NpgsqlDbType.Varchar, cancellationToken);
    }

    private NpgsqlBatchCommand OutcomeCommand(long id, AuditRecord r) => new(OutcomeSql)
    {
        Parameters =
        {
            new() { Value = (int)id, NpgsqlDbType = NpgsqlDbType.Integer },
            new() { Value = r.Outcome, NpgsqlDbType = NpgsqlDbType.Varchar },
            new() { Value = (object?)Truncate(r.ResponseData) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)Truncate(r.ErrorMessage) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)r.ErrorCode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar },
            new() { Value = (object?)r.DurationMs ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer },
            new() { Value = (object?)Truncate(r.RecordIds) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar },
        },
    };

    private static Task WriteAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private string? Truncate(string? text)
    {
        if (text is null || text.Length <= _options.MaxTextLength)
        {
            return text;
        }

        // Never cut between the halves of a surrogate pair: PostgreSQL would refuse the invalid UTF-8.
        var length = char.IsHighSurrogate(text[_options.MaxTextLength - 1]) ? _options.MaxTextLength - 1 : _options.MaxTextLength;
        return string.Concat(text.AsSpan(0, length), "… [truncated]");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit store of {Database} failed; {Rows} rows not written yet, refusing calls until it recovers")]
    private partial void LogFlushFailed(string database, int rows, Exception exception);

    private sealed record AuditWork(AuditRecord Record, long? UpdateId, TaskCompletionSource<long>? Committed);

    private sealed class AuditQueue : IDisposable
    {
        public readonly Channel<AuditWork> Channel = System.Threading.Channels.Channel.CreateUnbounded<AuditWork>(new() { SingleReader = true });

        /// <summary>Released for each durable row, so a waiting flush starts at once.</summary>
        public readonly SemaphoreSlim Urgent = new(0);

        public int Count;

        public volatile string? Problem;

        public void Dispose() => Urgent.Dispose();
    }
}

/// <summary>The audit store could not commit a row that had to be committed before the call went on.</summary>
public sealed class AuditUnavailableException(string message, Exception inner) : Exception(message, inner);
