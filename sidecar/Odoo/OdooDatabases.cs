using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OdooSidecar.Odoo;

/// <summary>
/// The Odoo databases this sidecar serves, each with one pooled <see cref="NpgsqlDataSource"/>: policy, keys and
/// audit of a call are all read from and written to the database the call names.
/// </summary>
public sealed class OdooDatabases : IAsyncDisposable
{
    private readonly FrozenDictionary<string, NpgsqlDataSource> _dataSources;

    /// <summary>Builds one data source per allowed database from <paramref name="options"/>.</summary>
    public OdooDatabases(IOptions<OdooOptions> options)
    {
        var template = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        var defaultDatabase = template.Database
            ?? throw new OptionsValidationException(OdooOptions.Section, typeof(OdooOptions), ["Odoo:ConnectionString must name a Database."]);
        var names = options.Value.AllowedDatabases.Count > 0 ? options.Value.AllowedDatabases : [defaultDatabase];
        _dataSources = names.Distinct(StringComparer.Ordinal).ToFrozenDictionary(
            name => name,
            name =>
            {
                var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(template.ConnectionString) { Database = name }.ConnectionString);
                builder.Name = $"odoo-{name}";
                return builder.Build();
            },
            StringComparer.Ordinal);
        Default = defaultDatabase;
    }

    /// <summary>The database of the connection string.</summary>
    public string Default { get; }

    /// <summary>The names of the served databases.</summary>
    public IEnumerable<string> Names => _dataSources.Keys;

    /// <summary>True when <paramref name="database"/> is served.</summary>
    public bool IsServed(string? database) => database is not null && _dataSources.ContainsKey(database);

    /// <summary>The data source of a served database.</summary>
    public NpgsqlDataSource this[string database] => _dataSources[database];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources.Values)
        {
            await dataSource.DisposeAsync();
        }
    }
}
