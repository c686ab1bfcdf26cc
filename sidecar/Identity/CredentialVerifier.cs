using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OdooSidecar.Odoo;

namespace OdooSidecar.Identity;

/// <summary>
/// Checks a call's API key the way Odoo's <c>res.users.apikeys._check_credentials</c> does: the first 8
/// characters select rows by <c>index</c>, the key must match a passlib pbkdf2-sha512 hash, the scope must be
/// empty or <c>rpc</c>, the key unexpired (when the column exists) and its user active. It also reads whether the
/// user is an "MCP User" of the addon, which the decision requires. Results are cached
/// for <see cref="IdentityOptions.KeyCacheTtl"/> under a SHA-256 of the key, so the hot path runs no PBKDF2
/// and keeps no key in memory.
/// </summary>
public sealed class CredentialVerifier(OdooDatabases databases, IMemoryCache cache, IOptions<IdentityOptions> options)
{
    private const int IndexSize = 8;

    /// <summary>Membership of the addon's "MCP User" group, as Odoo stores it (implied groups included).</summary>
    internal const string IsMcpUserColumn = """
        EXISTS (
            SELECT 1 FROM res_groups_users_rel r
            JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = r.gid
            WHERE r.uid = u.id AND d.module = 'mcp_server' AND d.name = 'group_mcp_user') AS IsMcpUser
        """;

    internal const string ApiKeysSql = $"""
        SELECT k.user_id AS UserId, u.login AS Login, k.key AS Hash, k.name AS Name, k.index AS Index, {IsMcpUserColumn}
        FROM res_users_apikeys k
        JOIN res_users u ON u.id = k.user_id
        WHERE u.active AND k.index = @Index AND (k.scope IS NULL OR k.scope = 'rpc')
        """;

    internal const string UnexpiredCondition = " AND (k.expiration_date IS NULL OR k.expiration_date >= now() AT TIME ZONE 'utc')";

    internal const string ExpirationColumnSql = """
        SELECT EXISTS (
            SELECT 1 FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = 'res_users_apikeys' AND column_name = 'expiration_date')
        """;

    internal const string PasswordSql = $"""
        SELECT u.id AS UserId, u.login AS Login, u.password AS Hash, {IsMcpUserColumn}
        FROM res_users u
        WHERE u.active AND u.password IS NOT NULL AND (u.id = @UserId OR u.login = @Login)
        """;

    private readonly ConcurrentDictionary<string, bool> _hasExpirationColumn = new(StringComparer.Ordinal);

    /// <summary>
    /// Finds the user <paramref name="secret"/> belongs to in <paramref name="database"/>: an API key, or when
    /// <paramref name="allowPasswords"/>, the login password of the user named by <paramref name="userId"/> or
    /// <paramref name="login"/>. Database errors propagate: the caller refuses the call.
    /// </summary>
    public ValueTask<IdentityCheck> VerifyAsync(string database, string secret, long? userId, string? login, bool allowPasswords, CancellationToken cancellationToken)
    {
        var cacheKey = CacheKey(database, secret, allowPasswords ? $"{userId}\0{login}" : string.Empty);
        return cache.TryGetValue(cacheKey, out IdentityCheck? cached) && cached is not null
            ? ValueTask.FromResult(cached)
            : new ValueTask<IdentityCheck>(VerifyUncachedAsync(cacheKey, database, secret, userId, login, allowPasswords, cancellationToken));
    }

    private async Task<IdentityCheck> VerifyUncachedAsync(string cacheKey, string database, string secret, long? userId, string? login, bool allowPasswords, CancellationToken cancellationToken)
    {
        var check = await VerifyApiKeyAsync(database, secret, cancellationToken)
            ?? (allowPasswords ? await VerifyPasswordAsync(database, secret, userId, login, cancellationToken) : null)
            ?? IdentityCheck.Refused(allowPasswords ? "neither a valid API key nor the user's password" : "not a valid API key (passwords are not accepted)");
        cache.Set(cacheKey, check, check.Caller is null ? options.Value.FailureCacheTtl : options.Value.KeyCacheTtl);
        return check;
    }

    private async Task<IdentityCheck?> VerifyApiKeyAsync(string database, string secret, CancellationToken cancellationToken)
    {
        if (secret.Length <= IndexSize)
        {
            return null;
        }

        await using var connection = await databases[database].OpenConnectionAsync(cancellationToken);
        if (!_hasExpirationColumn.TryGetValue(database, out var hasExpiration))
        {
            hasExpiration = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ExpirationColumnSql, cancellationToken: cancellationToken));
            _hasExpirationColumn[database] = hasExpiration;
        }

        var sql = hasExpiration ? ApiKeysSql + UnexpiredCondition : ApiKeysSql;
        var rows = await connection.QueryAsync<ApiKeyRow>(new CommandDefinition(sql, new { Index = secret[..IndexSize] }, cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            if (await VerifyOffThreadAsync(secret, row.Hash))
            {
                return IdentityCheck.Verified(new Caller(row.UserId, row.Login, string.IsNullOrWhiteSpace(row.Name) ? $"key {row.Index}" : row.Name, row.IsMcpUser));
            }
        }

        return null;
    }

    private async Task<IdentityCheck?> VerifyPasswordAsync(string database, string secret, long? userId, string? login, CancellationToken cancellationToken)
    {
        await using var connection = await databases[database].OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PasswordRow>(new CommandDefinition(PasswordSql, new { UserId = userId ?? 0, Login = login ?? string.Empty }, cancellationToken: cancellationToken));
        foreach (var row in rows)
        {
            if (await VerifyOffThreadAsync(secret, row.Hash))
            {
                return IdentityCheck.Verified(new Caller(row.UserId, row.Login, "password", row.IsMcpUser));
            }
        }

        return null;
    }

    /// <summary>
    /// PBKDF2 takes milliseconds (a password hash with 600,000 rounds far more); run it on the thread pool so it never
    /// holds up the I/O thread that Kestrel runs requests on.
    /// </summary>
    private static Task<bool> VerifyOffThreadAsync(string secret, string hash) =>
        Task.Run(() => PasslibPbkdf2Sha512.Verify(secret, hash));

    private static string CacheKey(string database, string secret, string scope)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{database}\0{scope}\0{secret}"), digest);
        return "credential:" + Convert.ToBase64String(digest);
    }

    private sealed class ApiKeyRow
    {
        public long UserId { get; init; }

        public string Login { get; init; } = string.Empty;

        public string Hash { get; init; } = string.Empty;

        public string? Name { get; init; }

        public string Index { get; init; } = string.Empty;

        public bool IsMcpUser { get; init; }
    }

    private sealed class PasswordRow
    {
        public long UserId { get; init; }

        public string Login { get; init; } = string.Empty;

        public string Hash { get; init; } = string.Empty;

        public bool IsMcpUser { get; init; }
    }
}
