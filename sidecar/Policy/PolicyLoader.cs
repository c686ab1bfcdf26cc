using Dapper;
using Npgsql;
using OdooSidecar.Calls;

namespace OdooSidecar.Policy;

/// <summary>Reads a <see cref="PolicySnapshot"/> from the addon's tables in one consistent read-only transaction.</summary>
public sealed class PolicyLoader(DeniedModels denied)
{
    internal const string SettingsSql =
        "SELECT key AS Key, value AS Value FROM ir_config_parameter WHERE key LIKE 'mcp\\_server.%'";

    internal const string EnabledModelsSql = """
        SELECT m.model AS Model, e.allow_read AS AllowRead, e.allow_create AS AllowCreate, e.allow_write AS AllowWrite,
               e.allow_unlink AS AllowUnlink, e.allow_method_calls AS AllowMethodCalls
        FROM mcp_enabled_model e
        JOIN ir_model m ON m.id = e.model_id
        WHERE e.active
        """;

    internal const string X2ManyFieldsSql = """
        SELECT model AS Model, name AS Name, ttype AS Type, relation AS Relation
        FROM ir_model_fields
        WHERE ttype IN ('one2many', 'many2many') AND relation IS NOT NULL
        """;

    internal const string ModelNamesSql = "SELECT model AS Model, COALESCE(name->>'en_US', model) AS Name FROM ir_model";

    /// <summary>Loads the policy over <paramref name="connection"/>; any database error propagates.</summary>
    public async Task<PolicySnapshot> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var settings = await connection.QueryAsync<(string Key, string? Value)>(new CommandDefinition(SettingsSql, transaction: transaction, cancellationToken: cancellationToken));
        var models = await connection.QueryAsync<EnabledModelRow>(new CommandDefinition(EnabledModelsSql, transaction: transaction, cancellationToken: cancellationToken));
        var fields = await connection.QueryAsync<(string Model, string Name, string Type, string Relation)>(new CommandDefinition(X2ManyFieldsSql, transaction: transaction, cancellationToken: cancellationToken));
        var names = await connection.QueryAsync<(string Model, string Name)>(new CommandDefinition(ModelNamesSql, transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        return new PolicySnapshot(
            settings.ToDictionary(s => s.Key, s => s.Value ?? string.Empty, StringComparer.Ordinal),
            models.ToDictionary(m => m.Model, m => m.Permissions, StringComparer.Ordinal),
            fields.ToDictionary(f => (f.Model, f.Name), f => new X2ManyField(f.Type == "one2many", f.Relation)),
            denied,
            names.ToDictionary(n => n.Model, n => n.Name, StringComparer.Ordinal));
    }

    private sealed class EnabledModelRow
    {
        public string Model { get; init; } = string.Empty;

        public bool? AllowRead { get; init; }

        public bool? AllowCreate { get; init; }

        public bool? AllowWrite { get; init; }

        public bool? AllowUnlink { get; init; }

        public bool? AllowMethodCalls { get; init; }

        public Permissions Permissions =>
            (AllowRead == true ? Permissions.Read : 0) | (AllowCreate == true ? Permissions.Create : 0) | (AllowWrite == true ? Permissions.Write : 0)
            | (AllowUnlink == true ? Permissions.Unlink : 0) | (AllowMethodCalls == true ? Permissions.MethodCalls : 0);
    }
}
