using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using OdooSidecar.Benchmarks;
using OdooSidecar.Testing;

// make bench: direct calls to a loopback upstream versus the same calls through the sidecar (policy on, audit on,
// real PostgreSQL), in one run. Usage: see Options.Usage.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 64;
}

if (Wrk.Executable() is null)
{
    Console.Error.WriteLine("BENCHMARK FAILED: wrk, the HTTP load generator of the throughput scenario, is not on PATH. " +
        "Run tests/install-test-deps.sh (make bench runs it first).");
    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

var bench = new Bench(options, interrupted.Token);
try
{
    return await bench.RunAsync();
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine("BENCHMARK FAILED: " + e);
    bench.PrintFailures();
    return 2;
}
finally
{
    await bench.DisposeAsync();
}

namespace OdooSidecar.Benchmarks
{
    internal sealed class Options
    {
        public const string Usage = """
            Usage: dotnet run -c Release --project tests/OdooSidecar.Benchmarks -- [options]
              --blocks N          latency: alternating blocks per target (default 10)
              --block-calls N     latency: calls per block (default 500)
              --service-ms X      latency: upstream service time in ms (default 1)
              --connections N     throughput: wrk's keep-alive connections, 2 threads (default 16)
              --seconds N         throughput: whole seconds per target (default 5)
              --upstream-close    upstream answers Connection: close (as Odoo's werkzeug server can)
              --no-audit          mcp_server.enable_logging False: reads are not audited
              --sidecar-env K=V   extra environment variable for the sidecar process (repeatable), e.g. DOTNET_GCgen0size=0x1000000
              --experiments       after the report, also run: client sweep, audit off, upstream Connection: close
            """;

        public int Blocks { get; private set; } = 10;

        public int BlockCalls { get; private set; } = 500;

        public double ServiceMs { get; private set; } = 1.0;

        public int Connections { get; private set; } = 16;

        public int Seconds { get; private set; } = 5;

        public bool UpstreamClose { get; private set; }

        public bool Audit { get; private set; } = true;

        public bool Experiments { get; private set; }

        public Dictionary<string, string> SidecarEnvironment { get; } = new(StringComparer.Ordinal);

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--blocks": options.Blocks = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--block-calls": options.BlockCalls = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--service-ms": options.ServiceMs = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--connections": options.Connections = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seconds": options.Seconds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--upstream-close": options.UpstreamClose = true; break;
                    case "--no-audit": options.Audit = false; break;
                    case "--experiments": options.Experiments = true; break;
                    case "--sidecar-env":
                        var pair = Next().Split('=', 2);
                        options.SidecarEnvironment[pair[0]] = pair.Length == 2 ? pair[1] : throw new ArgumentException("--sidecar-env needs KEY=VALUE.");
                        break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }

            return options;
        }
    }

    internal sealed record LatencyResult(Percentiles Direct, Percentiles Sidecar, double AddedP50Blockwise)
    {
        public double AddedP50 => Sidecar.P50 - Direct.P50;

        public double AddedP99 => Sidecar.P99 - Direct.P99;
    }

    /// <param name="SidecarPhaseSeconds">wall time over which <paramref name="SidecarPhaseCpu"/> was measured</param>
    internal sealed record LoadResult(WrkResult Direct, WrkResult Sidecar, CpuSample SidecarPhaseCpu, double SidecarPhaseSeconds)
    {
        public double Ratio => Sidecar.CallsPerSecond / Direct.CallsPerSecond;

        /// <summary>CPU microseconds per call through the sidecar.</summary>
        public double PerCall(double seconds) => seconds * 1e6 / Math.Max(1, Sidecar.Succeeded);

        /// <summary>Share of all cores, in percent, during the sidecar phase.</summary>
        public double CoresPercent(double seconds) => Math.Max(0, seconds) / SidecarPhaseSeconds / Environment.ProcessorCount * 100;
    }

    internal sealed class Bench(Options options, CancellationToken interrupted) : IAsyncDisposable
    {
        private const double TargetAddedP50Ms = 0.3;
        private const double TargetCallsPerSecond = 8000;
        private const double TargetRssMb = 150;

        private PostgresCluster? _cluster;
        private FixedUpstream? _upstream;
        private SidecarProcess? _sidecar;
        private LoadClient? _direct;
        private LoadClient? _through;
        private Wrk? _wrkDirect;
        private Wrk? _wrkThrough;
        private DirectoryInfo? _files;
        private OdooTestData? _data;
        private CpuMeter? _cpu;

        public async Task<int> RunAsync()
        {
            var total = Stopwatch.StartNew();
            Step("starting PostgreSQL");
            _cluster = await PostgresCluster.StartAsync();
            var database = await _cluster.CreateOdooDatabaseAsync();
            _data = new OdooTestData(_cluster, database);
            await _data.SeedAsync();
            await _data.EnableModelAsync("res.partner", read: true);
            await _data.SetParameterAsync("mcp_server.enable_logging", options.Audit ? "True" : "False");
            var key = await _data.CreateApiKeyAsync(OdooTestData.AdminId, "benchmark");
            var postgresVersion = await _data.ScalarAsync<string>("SHOW server_version");

            Step("starting the loopback upstream and the sidecar process");
            var response = XmlRpcBodies.SearchReadResult();
            var body = XmlRpcBodies.SearchRead(database, key);
            _upstream = await FixedUpstream.StartAsync(response);
            _upstream.CloseConnections = options.UpstreamClose;
            _sidecar = SidecarProcess.Start(_upstream.Address, _cluster.ConnectionString(database), options.SidecarEnvironment);
            _direct = new LoadClient("direct", new Uri(_upstream.Address, "/xmlrpc/2/object"), body, response);
            _through = new LoadClient("sidecar", new Uri(_sidecar.Address, "/mcp/xmlrpc/object"), body, response);
            _files = Directory.CreateTempSubdirectory("odoo-sidecar-bench-");
            var bodyFile = Path.Combine(_files.FullName, "request.xml");
            var expectedFile = Path.Combine(_files.FullName, "response.xml");
            await File.WriteAllBytesAsync(bodyFile, body, interrupted);
            await File.WriteAllBytesAsync(expectedFile, response, interrupted);
            _wrkDirect = new Wrk("direct", _direct.Url, bodyFile, expectedFile);
            _wrkThrough = new Wrk("sidecar", _through.Url, bodyFile, expectedFile);
            await WaitUntilReadyAsync();
            _cpu = new CpuMeter(_sidecar.Id, _cluster.Port);
            var readyRss = _sidecar.RssBytes;

            Step("warming up (JIT tiers, connection pools)");
            _upstream.ServiceTime = TimeSpan.Zero;
            await _wrkDirect.RunAsync(options.Connections, 2, interrupted);
            await _wrkThrough.RunAsync(options.Connections, 3, interrupted);
            await _direct.SequentialAsync(300);
            await _through.SequentialAsync(300);

            Step($"latency: 1 client, upstream service time {options.ServiceMs} ms, {options.Blocks} x {options.BlockCalls} calls per target");
            var latency = await MeasureLatencyAsync(options.ServiceMs, options.Blocks, options.BlockCalls);

            Step($"throughput: wrk, {options.Connections} connections, zero-latency upstream, {options.Seconds} s per target");
            var load = await MeasureThroughputAsync(options.Connections, options.Seconds);

            // Let the last batch of read rows reach mcp_log, then compare with what the sidecar answered.
            await Task.Delay(500, interrupted);
            var auditRows = await _data.ScalarAsync<long>("SELECT count(*) FROM mcp_log");
            var peakRss = _sidecar.PeakRssBytes;
            var rss = _sidecar.RssBytes;
            var failures = Failed;
            Console.WriteLine();
            Console.WriteLine(Report(postgresVersion, latency, load, readyRss, rss, peakRss, auditRows, total.Elapsed));
            var json = Json(latency, load, peakRss, auditRows, failures);
            Console.WriteLine("BENCH_JSON " + json);

            if (options.Experiments)
            {
                await RunExperimentsAsync();
            }

            var sidecarOutput = _sidecar.Output;
            if (sidecarOutput.Length > 0)
            {
                Console.WriteLine();
                Console.WriteLine("Sidecar output (warnings and errors):");
                Console.WriteLine(sidecarOutput);
            }

            return PrintFailures() ? 1 : 0;
        }

        /// <summary>Calls that failed, over all runs of both load generators against both targets.</summary>
        private long Failed => FailureSources().Sum(source => source.Failed);

        /// <summary>Prints every failed call loudly; true when there was one.</summary>
        public bool PrintFailures()
        {
            if (_sidecar?.ExitDescription is { } exited)
            {
                Console.WriteLine();
                Console.WriteLine("!!! " + exited);
            }

            var failures = Failed;
            if (failures == 0)
            {
                return false;
            }

            Console.WriteLine();
            Console.WriteLine(new string('!', 78));
            Console.WriteLine($"!!! {failures} CALLS FAILED ({string.Join(", ", FailureSources().Select(source => $"{source.Failed} {source.Name}"))}): the numbers above are not valid");
            foreach (var (name, _, failed) in FailureSources())
            {
                foreach (var (message, count) in failed.OrderByDescending(f => f.Value).Take(10))
                {
                    Console.WriteLine($"!!! {name} x{count}: {message}");
                }
            }

            Console.WriteLine(new string('!', 78));
            return true;
        }

        private IEnumerable<(string Name, long Failed, IReadOnlyDictionary<string, int> Failures)> FailureSources()
        {
            foreach (var client in new[] { _direct, _through })
            {
                if (client is not null)
                {
                    yield return ($"{client.Name} (latency client)", client.Failed, client.Failures);
                }
            }

            foreach (var wrk in new[] { _wrkDirect, _wrkThrough })
            {
                if (wrk is not null)
                {
                    yield return ($"{wrk.Name} (wrk)", wrk.Failed, wrk.Failures);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _direct?.Dispose();
            _through?.Dispose();
            _sidecar?.Dispose();
            if (_upstream is not null)
            {
                await _upstream.DisposeAsync();
            }

            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }

            _files?.Delete(recursive: true);
        }

        private async Task WaitUntilReadyAsync()
        {
            var clock = Stopwatch.StartNew();
            while (await _through!.CallAsync(countFailure: false) < 0)
            {
                if (_sidecar!.HasExited)
                {
                    throw new InvalidOperationException("The sidecar exited during start-up:\n" + _sidecar.Output);
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("The sidecar did not answer a call correctly within 30 s:\n" + _sidecar.Output);
                }

                await Task.Delay(50, interrupted);
            }

            Step($"sidecar ready after {clock.Elapsed.TotalSeconds:F1} s (pid {_sidecar!.Id})");
        }

        /// <summary>One client; direct and sidecar blocks alternate (ABBA order) so that drift cancels.</summary>
        private async Task<LatencyResult> MeasureLatencyAsync(double serviceMs, int blocks, int blockCalls)
        {
            _upstream!.ServiceTime = TimeSpan.FromMilliseconds(serviceMs);
            await _direct!.SequentialAsync(50);
            await _through!.SequentialAsync(50);
            var direct = new List<long>();
            var through = new List<long>();
            var blockDifferences = new List<double>();
            for (var block = 0; block < blocks; block++)
            {
                interrupted.ThrowIfCancellationRequested();
                List<long> d, s;
                if (block % 2 == 0)
                {
                    d = await _direct.SequentialAsync(blockCalls);
                    s = await _through.SequentialAsync(blockCalls);
                }
                else
                {
                    s = await _through.SequentialAsync(blockCalls);
                    d = await _direct.SequentialAsync(blockCalls);
                }

                direct.AddRange(d);
                through.AddRange(s);
                blockDifferences.Add(new Percentiles(s).P50 - new Percentiles(d).P50);
            }

            _upstream.ServiceTime = TimeSpan.Zero;
            return new LatencyResult(new Percentiles(direct), new Percentiles(through), new Percentiles(blockDifferences.Select(x => (long)(x * Stopwatch.Frequency / 1000.0))).P50);
        }

        private async Task<LoadResult> MeasureThroughputAsync(int connections, int seconds)
        {
            interrupted.ThrowIfCancellationRequested();
            _upstream!.ServiceTime = TimeSpan.Zero;
            var direct = await _wrkDirect!.RunAsync(connections, seconds, interrupted);
            var clock = Stopwatch.StartNew();
            var before = _cpu!.Sample();
            var through = await _wrkThrough!.RunAsync(connections, seconds, interrupted);
            var cpu = _cpu.Sample() - before;
            return new LoadResult(direct, through, cpu, clock.Elapsed.TotalSeconds);
        }

        private async Task RunExperimentsAsync()
        {
            Console.WriteLine();
            Console.WriteLine("Experiments (same sidecar process; shorter runs, so noisier):");
            Console.WriteLine($"  {"experiment",-44} {"p50 d/s ms",15} {"added p50",10} {"added p99",10} {"direct/s",9} {"sidecar/s",10} {"ratio",6} {"cpu µs/call sc/wrk/up/pg",26} {"others%",8}");

            async Task Row(string name, bool latency, int connections)
            {
                var l = latency ? await MeasureLatencyAsync(options.ServiceMs, 4, 300) : null;
                var t = await MeasureThroughputAsync(connections, 3);
                var cpu = t.SidecarPhaseCpu;
                var p50s = l is null ? "-" : $"{l.Direct.P50:F3}/{l.Sidecar.P50:F3}";
                Console.WriteLine($"  {name,-44} {p50s,15} {(l is null ? "-" : l.AddedP50.ToString("F3", CultureInfo.InvariantCulture)),10} {(l is null ? "-" : l.AddedP99.ToString("F3", CultureInfo.InvariantCulture)),10} {t.Direct.CallsPerSecond,9:F0} {t.Sidecar.CallsPerSecond,10:F0} {t.Ratio,6:F2} {$"{t.PerCall(cpu.Sidecar):F0}/{t.PerCall(cpu.LoadGenerator):F0}/{t.PerCall(cpu.Bench):F0}/{t.PerCall(cpu.Postgres):F0}",26} {t.CoresPercent(cpu.Others),8:F0}");
            }

            foreach (var connections in new[] { 1, 2, 4, 8, 16, 32, 64 })
            {
                await Row($"audit {(options.Audit ? "on" : "off")}, {connections} connections", latency: false, connections);
            }

            // Zero-latency upstream, one client: the sidecar's own added latency without timer noise.
            var zero = await MeasureLatencyAsync(0, 4, 500);
            Console.WriteLine($"  {"1 client, zero-latency upstream",-40} {$"{zero.Direct.P50:F3}/{zero.Sidecar.P50:F3}",15} {zero.AddedP50,10:F3} {zero.AddedP99,10:F3}");

            await _data!.SetParameterAsync("mcp_server.enable_logging", options.Audit ? "False" : "True");
            await Task.Delay(500, interrupted);
            await Row($"audit {(options.Audit ? "off" : "on")} (reads not logged), {options.Connections} connections", latency: true, options.Connections);
            await _data.SetParameterAsync("mcp_server.enable_logging", options.Audit ? "True" : "False");
            await Task.Delay(500, interrupted);

            _upstream!.CloseConnections = !options.UpstreamClose;
            await Row($"upstream {(options.UpstreamClose ? "keep-alive" : "Connection: close")}, {options.Connections} connections", latency: true, options.Connections);
            _upstream.CloseConnections = options.UpstreamClose;
            await Row($"back to baseline, {options.Connections} connections", latency: true, options.Connections);
            Console.WriteLine($"  sidecar peak RSS after experiments: {_sidecar!.PeakRssBytes / 1048576.0:F1} MB");
        }

        private string Report(string postgresVersion, LatencyResult latency, LoadResult load, long readyRss, long rss, long peakRss, long auditRows, TimeSpan elapsed)
        {
            static string Row(string name, Percentiles p) => $"  {name,-22} {p.P50,8:F3} {p.P90,8:F3} {p.P99,8:F3} {p.Max,8:F3} {p.Count,8}";
            static string Mark(bool pass) => pass ? "PASS" : "MISS";
            static string Throughput(string name, WrkResult r) =>
                $"  {name,-22} {r.CallsPerSecond,9:F0} {r.P50,8:F3} {r.P90,8:F3} {r.P99,8:F3} {r.Max,8:F3} {r.Succeeded,9} {r.Failed,7}";
            var throughSucceeded = _through!.Succeeded + _wrkThrough!.Succeeded;
            var peakMb = peakRss / 1048576.0;
            var cpu = load.SidecarPhaseCpu;
            var failed = Failed;
            var lines = new List<string>
            {
                new('=', 78),
                $"OdooSidecar benchmark: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, PostgreSQL {postgresVersion}, " +
                    $"audit {(options.Audit ? "on (reads logged)" : "off")}, upstream {(options.UpstreamClose ? "Connection: close" : "keep-alive")}" +
                    (options.SidecarEnvironment.Count > 0 ? ", sidecar env " + string.Join(' ', options.SidecarEnvironment.Select(p => $"{p.Key}={p.Value}")) : string.Empty),
                new('=', 78),
                $"Latency: 1 client, upstream service time {options.ServiceMs} ms, {options.Blocks} alternating blocks x {options.BlockCalls} calls per target",
                $"  {"",-22} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"calls",8}",
                Row("direct", latency.Direct),
                Row("through sidecar", latency.Sidecar),
                $"  {"added by the sidecar",-22} {latency.AddedP50,8:F3} {latency.Sidecar.P90 - latency.Direct.P90,8:F3} {latency.AddedP99,8:F3}",
                $"  (median of per-block p50 differences: {latency.AddedP50Blockwise:F3} ms)",
                string.Empty,
                $"Throughput: wrk, {options.Connections} keep-alive connections, 2 threads, zero-latency upstream, {options.Seconds} s per target",
                $"  {"",-22} {"calls/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"calls",9} {"failed",7}",
                Throughput("direct", load.Direct),
                Throughput("through sidecar", load.Sidecar),
                $"  ratio sidecar/direct   {load.Ratio,9:F2}",
                $"  CPU per sidecar call: sidecar {load.PerCall(cpu.Sidecar):F0} µs, load generator (wrk) {load.PerCall(cpu.LoadGenerator):F0} µs, " +
                    $"upstream (bench process) {load.PerCall(cpu.Bench):F0} µs, PostgreSQL {load.PerCall(cpu.Postgres):F0} µs",
                $"  [of {Environment.ProcessorCount} cores: benchmark processes {load.CoresPercent(cpu.Total):F0}% (sidecar {load.CoresPercent(cpu.Sidecar):F0}%), OTHER processes {load.CoresPercent(cpu.Others):F0}%]",
                $"  max calls/s these CPU costs allow on {Environment.ProcessorCount} idle cores: {Environment.ProcessorCount * 1e6 / load.PerCall(cpu.Total):F0} (sidecar alone {Environment.ProcessorCount * 1e6 / load.PerCall(cpu.Sidecar):F0})",
                string.Empty,
                $"Sidecar memory: peak RSS (VmHWM) {peakMb:F1} MB, RSS when ready {readyRss / 1048576.0:F1} MB, RSS at end {rss / 1048576.0:F1} MB",
                $"Audit: {auditRows} mcp_log rows for {throughSucceeded} calls answered through the sidecar (incl. warm-up)" +
                    (options.Audit && auditRows < throughSucceeded ? "  <-- FEWER ROWS THAN CALLS" : string.Empty),
                $"Upstream: {_upstream!.Requests} requests received; failures: {_direct!.Failed + _wrkDirect!.Failed} direct, {_through!.Failed + _wrkThrough!.Failed} through the sidecar",
                string.Empty,
                "Targets:",
                $"  added p50 <= {TargetAddedP50Ms:F1} ms                 {latency.AddedP50,9:F3} ms     {Mark(latency.AddedP50 <= TargetAddedP50Ms)}",
                $"  through sidecar >= {TargetCallsPerSecond:F0} calls/s      {load.Sidecar.CallsPerSecond,9:F0} calls/s {Mark(load.Sidecar.CallsPerSecond >= TargetCallsPerSecond)}",
                $"  sidecar peak RSS <= {TargetRssMb:F0} MB           {peakMb,9:F1} MB     {Mark(peakMb <= TargetRssMb)}",
                $"  every call 200 with the expected body  {failed,9} failed {Mark(failed == 0)}",
                $"(total run time {elapsed.TotalSeconds:F0} s)",
            };
            return string.Join(Environment.NewLine, lines);
        }

        private string Json(LatencyResult latency, LoadResult load, long peakRss, long auditRows, long failures)
        {
            static double R(double x) => Math.Round(x, 4);
            var values = new Dictionary<string, object>
            {
                ["cores"] = Environment.ProcessorCount,
                ["audit"] = options.Audit,
                ["upstream_close"] = options.UpstreamClose,
                ["service_ms"] = options.ServiceMs,
                ["direct_p50_ms"] = R(latency.Direct.P50),
                ["direct_p99_ms"] = R(latency.Direct.P99),
                ["sidecar_p50_ms"] = R(latency.Sidecar.P50),
                ["sidecar_p99_ms"] = R(latency.Sidecar.P99),
                ["added_p50_ms"] = R(latency.AddedP50),
                ["added_p99_ms"] = R(latency.AddedP99),
                ["added_p50_blockwise_ms"] = R(latency.AddedP50Blockwise),
                ["load_generator"] = "wrk",
                ["connections"] = options.Connections,
                ["sidecar_cpu_us_per_call"] = Math.Round(load.PerCall(load.SidecarPhaseCpu.Sidecar)),
                ["wrk_cpu_us_per_call"] = Math.Round(load.PerCall(load.SidecarPhaseCpu.LoadGenerator)),
                ["upstream_cpu_us_per_call"] = Math.Round(load.PerCall(load.SidecarPhaseCpu.Bench)),
                ["postgres_cpu_us_per_call"] = Math.Round(load.PerCall(load.SidecarPhaseCpu.Postgres)),
                ["other_processes_cpu_pct"] = Math.Round(load.CoresPercent(load.SidecarPhaseCpu.Others)),
                ["direct_calls_per_s"] = Math.Round(load.Direct.CallsPerSecond),
                ["direct_wrk_p50_ms"] = R(load.Direct.P50),
                ["direct_wrk_p99_ms"] = R(load.Direct.P99),
                ["sidecar_calls_per_s"] = Math.Round(load.Sidecar.CallsPerSecond),
                ["sidecar_wrk_p50_ms"] = R(load.Sidecar.P50),
                ["sidecar_wrk_p99_ms"] = R(load.Sidecar.P99),
                ["ratio"] = R(load.Ratio),
                ["sidecar_peak_rss_mb"] = Math.Round(peakRss / 1048576.0, 1),
                ["audit_rows"] = auditRows,
                ["failures"] = failures,
                ["pass_added_p50"] = latency.AddedP50 <= TargetAddedP50Ms,
                ["pass_throughput"] = load.Sidecar.CallsPerSecond >= TargetCallsPerSecond,
                ["pass_rss"] = peakRss / 1048576.0 <= TargetRssMb,
            };
            return JsonSerializer.Serialize(values);
        }

        private static void Step(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
    }
}
