using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace OdooSidecar.Benchmarks;

/// <summary>
/// The throughput scenario's load generator: <c>wrk</c> (C, a few µs of CPU per request, unlike an HttpClient loop
/// that competes with the sidecar for the same cores) run as a child process with <c>throughput.lua</c>, which sends
/// the benchmark call and checks every answer (HTTP 200 and exactly the upstream's body).
/// </summary>
internal sealed class Wrk
{
    private const int Threads = 2;
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "throughput.lua");
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly string _bodyFile;
    private readonly string _expectedFile;
    private long _succeeded;
    private long _failed;

    /// <param name="bodyFile">the request body, as a file for the Lua script</param>
    /// <param name="expectedFile">the upstream's response body, as a file for the Lua script</param>
    public Wrk(string name, Uri url, string bodyFile, string expectedFile)
    {
        Name = name;
        Url = url;
        _bodyFile = bodyFile;
        _expectedFile = expectedFile;
    }

    public string Name { get; }

    public Uri Url { get; }

    /// <summary>Calls answered with HTTP 200 and exactly the upstream's body, over all runs.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Calls that failed in any way (status, body, socket error, timeout), over all runs.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Each distinct failure with how often it happened.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>The wrk executable on PATH, or null.</summary>
    public static string? Executable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "wrk"))
            .FirstOrDefault(File.Exists);

    /// <summary>wrk with <paramref name="connections"/> keep-alive connections for <paramref name="seconds"/> seconds.</summary>
    public async Task<WrkResult> RunAsync(int connections, int seconds, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(Executable() ?? throw new InvalidOperationException("wrk is not on PATH: run tests/install-test-deps.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--threads", Math.Min(Threads, connections).ToString(CultureInfo.InvariantCulture),
            "--connections", connections.ToString(CultureInfo.InvariantCulture),
            "--duration", seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "10s",
            "--latency",
            "--script", Script,
            Url.ToString(),
            "--", _bodyFile, _expectedFile,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        try
        {
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var output = await stdout + await stderr;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK_RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk against {Url} exited with code {process.ExitCode} without a WRK_RESULT line; its output:\n{output}");
        }

        var values = line["WRK_RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var result = new WrkResult(
            values["duration_us"] / 1e6,
            (long)values["ok"],
            (long)values["non200"],
            (long)values["bad_body"],
            (long)(values["connect"] + values["read"] + values["write"] + values["timeout"]),
            values["p50_us"] / 1000,
            values["p90_us"] / 1000,
            values["p99_us"] / 1000,
            values["max_us"] / 1000);
        Interlocked.Add(ref _succeeded, result.Succeeded);
        Interlocked.Add(ref _failed, result.Failed);
        Count($"HTTP status other than 200 ({connections} connections)", result.Non200);
        Count($"HTTP 200 with a body other than the upstream's ({connections} connections)", result.BadBody);
        Count($"socket errors or timeouts: connect {values["connect"]}, read {values["read"]}, write {values["write"]}, timeout {values["timeout"]} ({connections} connections)", result.SocketErrors);
        foreach (var failure in output.Split('\n').Where(l => l.StartsWith("WRK_FAILURE ", StringComparison.Ordinal)))
        {
            Count("first failure of a wrk thread: " + failure["WRK_FAILURE ".Length..], 1);
        }

        return result;
    }

    private void Count(string failure, long count)
    {
        if (count > 0)
        {
            _failures.AddOrUpdate(failure, (int)count, (_, n) => n + (int)count);
        }
    }
}

/// <summary>One wrk run: calls that succeeded per second over wrk's own measured duration, failures, latencies in ms.</summary>
internal sealed record WrkResult(double Seconds, long Succeeded, long Non200, long BadBody, long SocketErrors, double P50, double P90, double P99, double Max)
{
    public long Failed => Non200 + BadBody + SocketErrors;

    public double CallsPerSecond => Succeeded / Seconds;
}
