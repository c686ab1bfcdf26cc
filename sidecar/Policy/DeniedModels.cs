using System.Collections.Frozen;

namespace OdooSidecar.Policy;

/// <summary>
/// The hard denylist: models no caller may reach, whatever is enabled. Read from the addon's
/// <c>data/denied_models.txt</c> (exact names, or prefixes ending in <c>.*</c>), the same file the addon's
/// constraint reads, so the two cannot drift.
/// </summary>
public sealed class DeniedModels
{
    /// <summary>The file name, copied next to the sidecar's binaries at build time.</summary>
    public const string FileName = "denied_models.txt";

    private readonly FrozenSet<string> _exact;
    private readonly string[] _prefixes;

    private DeniedModels(IEnumerable<string> exact, IEnumerable<string> prefixes)
    {
        _exact = exact.ToFrozenSet(StringComparer.Ordinal);
        _prefixes = [.. prefixes];
    }

    /// <summary>The entries, as written in the file (prefixes with their <c>.*</c>).</summary>
    public IEnumerable<string> Entries => _exact.Concat(_prefixes.Select(p => p + "*"));

    /// <summary>Parses the file format: one entry per line, <c>#</c> comments, blank lines ignored.</summary>
    public static DeniedModels Parse(string text)
    {
        var entries = text.Split('\n')
            .Select(line => line.Split('#', 2)[0].Trim())
            .Where(line => line.Length > 0)
            .ToList();
        return new DeniedModels(
            entries.Where(e => !e.EndsWith(".*", StringComparison.Ordinal)),
            entries.Where(e => e.EndsWith(".*", StringComparison.Ordinal)).Select(e => e[..^1]));
    }

    /// <summary>Loads the list shipped next to the sidecar's binaries.</summary>
    public static DeniedModels LoadShipped() =>
        Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Policy", FileName)));

    /// <summary>True when <paramref name="model"/> is on the list.</summary>
    public bool Contains(string model)
    {
        if (_exact.Contains(model))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (model.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
