using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OdooSidecar.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary folder, listening on a free loopback port (never 5432), with
/// Odoo's tables loaded from <c>tests/schema/odoo17.sql</c> into a template database. Runs the server as the
/// <c>postgres</c> system user when the tests run as root, because PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string TemplateDatabase = "odoo_template";
    private readonly string _binDirectory;
    private readonly string _folder;
    private int _databases;

    private PostgresCluster(string binDirectory, string folder, int port)
    {
        _binDirectory = binDirectory;
        _folder = folder;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    private string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>Creates, starts and prepares a cluster.</summary>
    public static async Task<PostgresCluster> StartAsync()
    {
        var binDirectory = FindBinDirectory();
        var folder = Directory.CreateTempSubdirectory("odoosidecar-pg-").FullName;
        var cluster = new PostgresCluster(binDirectory, folder, FreePort());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres:postgres", folder], asPostgres: false);
        }

        await cluster.RunToolAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        await cluster.StartServerAsync();
        await cluster.ExecuteAsync("postgres", $"CREATE DATABASE {TemplateDatabase}");
        await RunAsync(Path.Combine(binDirectory, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", TemplateDatabase, "-f", SchemaFile()], asPostgres: false);
        return cluster;
    }

    /// <summary>A connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true, Timeout = 5, CommandTimeout = 10 }.ConnectionString;

    /// <summary>A fresh database holding Odoo's empty tables.</summary>
    public async Task<string> CreateOdooDatabaseAsync()
    {
        var name = $"odoo_{Interlocked.Increment(ref _databases)}";
        await ExecuteAsync("postgres", $"CREATE DATABASE {name} TEMPLATE {TemplateDatabase}");
        return name;
    }

    /// <summary>Runs SQL without parameters in <paramref name="database"/>.</summary>
    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server at once (fast shutdown: clients are disconnected).</summary>
    public Task StopServerAsync() => RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the server again after <see cref="StopServerAsync"/>.</summary>
    public Task StartServerAsync() => RunToolAsync("pg_ctl",
    [
        "-D", DataDirectory, "-w", "-l", Path.Combine(_folder, "server.log"),
        "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_folder} -c fsync=off -c max_connections=200",
        "start",
    ]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped by a test.
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Task RunToolAsync(string tool, string[] arguments) =>
        RunAsync(Path.Combine(_binDirectory, tool), arguments, asPostgres: Environment.UserName == "root");

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("PG_BIN") }
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => d is not null && File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found: install the Debian package postgresql (make test does) or set PG_BIN.");
    }

    private static string SchemaFile()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "schema", "odoo17.sql");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("tests/schema/odoo17.sql not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port != 5432)
            {
                return port;
            }
        }
    }
}
