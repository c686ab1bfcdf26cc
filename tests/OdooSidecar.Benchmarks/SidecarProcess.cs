using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OdooSidecar.Benchmarks;

/// <summary>
/// The sidecar as its own process (<c>dotnet sidecar/bin/Release/net10.0/OdooSidecar.dll</c>), so that its memory is
/// its own: <see cref="PeakRssBytes"/> is the kernel's high-water mark of its resident set.
/// </summary>
internal sealed class SidecarProcess : IDisposable
{
    private const int OutputLimit = 64 * 1024;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SidecarProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Why the process ended, or null while it runs.</summary>
    public string? ExitDescription => _process.HasExited
        ? $"the sidecar process {_process.Id} exited with code {_process.ExitCode} at {_process.ExitTime:HH:mm:ss.fff}; its output:\n{Output}"
        : null;

    /// <summary>What the sidecar wrote to stdout and stderr (warnings and errors only; first 64 KiB).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>VmHWM: the most memory the process ever had resident.</summary>
    public long PeakRssBytes => ProcStatus("VmHWM:");

    /// <summary>VmRSS: the memory the process has resident now.</summary>
    public long RssBytes => ProcStatus("VmRSS:");

    public static SidecarProcess Start(Uri odooUrl, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = SidecarDll();
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Odoo__Url"] = odooUrl.ToString();
        start.Environment["Odoo__ConnectionString"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the sidecar.");
        return new SidecarProcess(process, address);
    }

    /// <summary>Kills the sidecar (if still running) and waits for it.</summary>
    public void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < OutputLimit)
            {
                _output.AppendLine(line);
            }
        }
    }

    private long ProcStatus(string field)
    {
        if (ExitDescription is { } exited)
        {
            throw new InvalidOperationException(exited);
        }

        foreach (var line in File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"{field} not found in /proc/{_process.Id}/status");
    }

    private static string SidecarDll()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OdooSidecar.sln")))
            {
                var dll = Path.Combine(folder.FullName, "sidecar", "bin", "Release", "net10.0", "OdooSidecar.dll");
                return File.Exists(dll)
                    ? dll
                    : throw new FileNotFoundException($"{dll} is missing: build the solution in Release first (dotnet build -c Release).");
            }
        }

        throw new FileNotFoundException("OdooSidecar.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
