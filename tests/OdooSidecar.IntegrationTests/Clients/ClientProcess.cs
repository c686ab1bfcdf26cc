using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OdooSidecar.IntegrationTests.Clients;

/// <summary>
/// Runs a third-party client (python3, node, npm) as a child process. A missing program fails the test with a message
/// saying what to install: these tests prove the clients work, so they must never pass by being skipped.
/// </summary>
internal static class ClientProcess
{
    /// <summary>A file of this folder in the source tree, found by walking up to the folder holding OdooSidecar.sln.</summary>
    public static string SourceFile(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OdooSidecar.sln")))
            {
                return Path.Combine(folder.FullName, "tests", "OdooSidecar.IntegrationTests", "Clients", name);
            }
        }

        throw new InvalidOperationException($"No OdooSidecar.sln above {AppContext.BaseDirectory}: cannot find {name}.");
    }

    /// <summary>Runs a program to its end and returns its standard output; a non-zero exit or a timeout fails.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = StartOrFail(start);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds} s. Standard error:\n{await errors}");
        }

        if (process.ExitCode != 0)
        {
            Assert.Fail($"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}. Standard error:\n{await errors}\nStandard output:\n{await output}");
        }

        return await output;
    }

    /// <summary>Runs a client script that prints one JSON document and returns it.</summary>
    public static async Task<JsonObject> RunJsonAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var output = await RunAsync(program, arguments, timeout, environment: environment);
        return JsonNode.Parse(output)?.AsObject() ?? throw new InvalidOperationException($"{program} printed no JSON: {output}");
    }

    private static Process StartOrFail(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {start.FileName}.");
        }
        catch (Win32Exception exception)
        {
            Assert.Fail($"'{start.FileName}' cannot be started ({exception.Message}). The client compatibility tests need python3, "
                + "node (20 or later) and npm on PATH, and network access to the npm registry; install them (Debian: "
                + "apt-get install python3 nodejs npm) and run the tests again.");
            throw;
        }
    }
}
