namespace OdooSidecar.IntegrationTests.Clients;

/// <summary>
/// An npm package installed from the npm registry into a folder of the machine's temporary directory named by
/// package and version, so that later runs reuse it. Each install goes to a fresh folder that is renamed into place
/// only once complete: a run that was killed half-way, or a parallel run, never leaves a broken cache behind.
/// </summary>
internal static class NpmPackage
{
    private static readonly SemaphoreSlim OneInstallAtATime = new(1, 1);

    /// <summary>Installs <paramref name="name"/>@<paramref name="version"/> if needed; returns its <c>node_modules</c> folder.</summary>
    public static async Task<string> InstallAsync(string name, string version)
    {
        var cacheRoot = Path.Combine(Path.GetTempPath(), "odoosidecar-npm-clients");
        var folder = Path.Combine(cacheRoot, $"{name}@{version}");
        var modules = Path.Combine(folder, "node_modules");
        await OneInstallAtATime.WaitAsync();
        try
        {
            if (IsInstalled(modules, name, version))
            {
                return modules;
            }

            var staging = Path.Combine(cacheRoot, $"{name}@{version}.{Guid.NewGuid():N}.partial");
            Directory.CreateDirectory(staging);
            await File.WriteAllTextAsync(Path.Combine(staging, "package.json"), """{ "name": "odoosidecar-client-test", "private": true }""");
            await ClientProcess.RunAsync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error", $"{name}@{version}"],
                TimeSpan.FromSeconds(40), workingDirectory: staging);
            if (!IsInstalled(Path.Combine(staging, "node_modules"), name, version))
            {
                Assert.Fail($"npm install {name}@{version} finished but {staging}/node_modules/{name} does not hold version {version}.");
            }

            if (Directory.Exists(folder))
            {
                // A broken or different install from an earlier run: replace it.
                Directory.Delete(folder, recursive: true);
            }

            try
            {
                Directory.Move(staging, folder);
            }
            catch (IOException) when (IsInstalled(modules, name, version))
            {
                // Another test run finished the same install first: use that one.
                Directory.Delete(staging, recursive: true);
            }

            return modules;
        }
        finally
        {
            OneInstallAtATime.Release();
        }
    }

    private static bool IsInstalled(string modules, string name, string version)
    {
        var manifest = Path.Combine(modules, name, "package.json");
        if (!File.Exists(manifest))
        {
            return false;
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.GetProperty("version").GetString() == version;
    }
}
