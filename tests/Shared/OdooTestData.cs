using System.Security.Cryptography;
using Npgsql;
using OdooSidecar.Identity;

namespace OdooSidecar.Testing;

/// <summary>Builds the rows a test needs in a fresh Odoo database: users, models, x2many fields, keys, policy.</summary>
public sealed class OdooTestData(PostgresCluster cluster, string database)
{
    /// <summary>The administrator, as in every Odoo database.</summary>
    public const int AdminId = 2;

    /// <summary>A second user, not in the "MCP User" group.</summary>
    public const int DemoId = 6;

    /// <summary>The database these rows live in.</summary>
    public string Database => database;

    /// <summary>
    /// A fresh database with <see cref="SeedAsync"/>'s rows, an API key for the admin, then <paramref name="arrange"/>'s
    /// own rows.
    /// </summary>
    public static async Task<(OdooTestData Data, string ApiKey)> CreateSeededAsync(PostgresCluster cluster, Func<OdooTestData, Task>? arrange = null)
    {
        var data = new OdooTestData(cluster, await cluster.CreateOdooDatabaseAsync());
        await data.SeedAsync();
        var apiKey = await data.CreateApiKeyAsync(AdminId, "agent key");
        if (arrange is not null)
        {
            await arrange(data);
        }

        return (data, apiKey);
    }

    /// <summary>Users (the admin an MCP User), models with their x2many fields, and the global switch on.</summary>
    public async Task SeedAsync()
    {
        await cluster.ExecuteAsync(database, """
            INSERT INTO res_users (id, company_id, partner_id, login, notification_type, active, share) VALUES
                (2, 1, 3, 'admin', 'email', true, false),
                (6, 1, 7, 'demo', 'email', true, false);
            INSERT INTO ir_model (id, model, "order", name) VALUES
                (1, 'res.partner', 'id', '{"en_US": "Contact"}'),
                (2, 'sale.order', 'id', '{"en_US": "Sales Order"}'),
                (3, 'sale.order.line', 'id', '{"en_US": "Sales Order Line"}'),
                (4, 'account.tax', 'id', '{"en_US": "Tax"}'),
                (5, 'res.partner.bank', 'id', '{"en_US": "Bank Accounts"}'),
                (6, 'res.users', 'id', '{"en_US": "User"}'),
                (7, 'res.users.apikeys', 'id', '{"en_US": "Users API Keys"}'),
                (8, 'res.partner.category', 'id', '{"en_US": "Partner Tags"}');
            INSERT INTO ir_model_fields (model_id, model, name, ttype, relation, state, field_description) VALUES
                (1, 'res.partner', 'child_ids', 'one2many', 'res.partner', 'base', '{"en_US": "Contact"}'),
                (1, 'res.partner', 'bank_ids', 'one2many', 'res.partner.bank', 'base', '{"en_US": "Banks"}'),
                (1, 'res.partner', 'category_id', 'many2many', 'res.partner.category', 'base', '{"en_US": "Tags"}'),
                (1, 'res.partner', 'name', 'char', NULL, 'base', '{"en_US": "Name"}'),
                (2, 'sale.order', 'order_line', 'one2many', 'sale.order.line', 'base', '{"en_US": "Order Lines"}'),
                (3, 'sale.order.line', 'tax_id', 'many2many', 'account.tax', 'base', '{"en_US": "Taxes"}');
            INSERT INTO ir_config_parameter (key, value) VALUES ('mcp_server.enabled', 'True'), ('mcp_server.enable_logging', 'True');
            INSERT INTO res_groups (id, name) VALUES (20, '{"en_US": "MCP User"}');
            INSERT INTO ir_model_data (module, name, model, res_id) VALUES ('mcp_server', 'group_mcp_user', 'res.groups', 20);
            INSERT INTO res_groups_users_rel (gid, uid) VALUES (20, 2);
            """);
    }

    /// <summary>Enables <paramref name="model"/> with the given flags (or updates them).</summary>
    public Task EnableModelAsync(string model, bool read = true, bool create = false, bool write = false, bool unlink = false, bool methods = false) =>
        cluster.ExecuteAsync(database, $"""
            DELETE FROM mcp_enabled_model WHERE model_name = '{model}';
            INSERT INTO mcp_enabled_model (model_id, model_name, active, allow_read, allow_create, allow_write, allow_unlink, allow_method_calls)
            SELECT id, model, true, {read}, {create}, {write}, {unlink}, {methods} FROM ir_model WHERE model = '{model}';
            """);

    /// <summary>Sets an <c>ir_config_parameter</c>.</summary>
    public Task SetParameterAsync(string key, string value) =>
        cluster.ExecuteAsync(database, $"""
            INSERT INTO ir_config_parameter (key, value) VALUES ('{key}', '{value}')
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
            """);

    /// <summary>Creates an Odoo-style API key (40 hex characters) for <paramref name="userId"/> and returns it.</summary>
    public async Task<string> CreateApiKeyAsync(int userId, string name = "test key", string? scope = "rpc")
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("INSERT INTO res_users_apikeys (name, user_id, scope, index, key) VALUES ($1, $2, $3, $4, $5)", connection)
        {
            Parameters = { new() { Value = name }, new() { Value = userId }, new() { Value = (object?)scope ?? DBNull.Value }, new() { Value = key[..8] }, new() { Value = PasslibPbkdf2Sha512.Hash(key) } },
        };
        await command.ExecuteNonQueryAsync();
        return key;
    }

    /// <summary>Runs a query returning one value; with <paramref name="waitForRow"/>, retries for up to 5 s until it returns one.</summary>
    public async Task<T> ScalarAsync<T>(string sql, bool waitForRow = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            await using var connection = new NpgsqlConnection(cluster.ConnectionString(database));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            var value = await command.ExecuteScalarAsync();
            if (value is not null || !waitForRow || DateTime.UtcNow > deadline)
            {
                return (T)value!;
            }

            await Task.Delay(20);
        }
    }
}
