using System.Globalization;

namespace OdooSidecar.Benchmarks;

/// <summary>
/// CPU time (user + system) spent by the sidecar, by this process (the upstream; the latency client is idle during
/// throughput runs), by the load generator (wrk, a child of this process: counted once it has exited and been reaped)
/// and by the PostgreSQL cluster (postmaster, its live children and the reaped ones), read from <c>/proc</c>.
/// </summary>
internal sealed class CpuMeter(int sidecarPid, int postgresPort)
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux.
    private readonly int _postmasterPid = FindPostmaster(postgresPort);

    public CpuSample Sample()
    {
        var self = Stat(Environment.ProcessId)!;
        return new(
            ProcessSeconds(sidecarPid, includeChildren: false),
            Seconds(self, includeChildren: false),
            Seconds(self, includeChildren: true) - Seconds(self, includeChildren: false),
            _postmasterPid > 0 ? PostgresSeconds() : double.NaN,
            MachineSeconds());
    }

    /// <summary>Busy CPU time of the whole machine (all processes, all cores), from the first line of /proc/stat.</summary>
    private static double MachineSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // cpu user nice system idle iowait irq softirq steal ...
        long busy = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++)
        {
            if (i is not 4 and not 5)
            {
                busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }
        }

        return busy / TicksPerSecond;
    }

    private double PostgresSeconds()
    {
        var total = ProcessSeconds(_postmasterPid, includeChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } fields && fields[1] == _postmasterPid.ToString(CultureInfo.InvariantCulture))
            {
                total += Seconds(fields, includeChildren: true);
            }
        }

        return total;
    }

    private static double ProcessSeconds(int pid, bool includeChildren) =>
        Stat(pid) is { } fields ? Seconds(fields, includeChildren) : 0;

    /// <summary>Fields of /proc/pid/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double Seconds(string[] fields, bool includeChildren)
    {
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (includeChildren)
        {
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond;
    }

    private static int FindPostmaster(int port)
    {
        var portArgument = "-p " + port.ToString(CultureInfo.InvariantCulture);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("postgres", StringComparison.Ordinal) && commandLine.Contains(" -D ", StringComparison.Ordinal)
                    && commandLine.Contains(portArgument + " ", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return -1;
    }
}

/// <param name="Bench">this process: the upstream (and the idle latency client)</param>
/// <param name="LoadGenerator">this process's exited and reaped children: wrk</param>
internal readonly record struct CpuSample(double Sidecar, double Bench, double LoadGenerator, double Postgres, double Machine)
{
    /// <summary>CPU used by the processes of the benchmark.</summary>
    public double Total => Sidecar + Bench + LoadGenerator + Postgres;

    /// <summary>CPU used by processes that are not part of the benchmark (other work on the machine).</summary>
    public double Others => Machine - Total;

    public static CpuSample operator -(CpuSample a, CpuSample b) =>
        new(a.Sidecar - b.Sidecar, a.Bench - b.Bench, a.LoadGenerator - b.LoadGenerator, a.Postgres - b.Postgres, a.Machine - b.Machine);
}
