using System.Collections.Concurrent;

namespace OdooSidecar.Policy;

/// <summary>
/// The current policy of each served database. A database without a snapshot (not loaded yet, or its connection
/// lost) has a problem instead, and every call to it is refused.
/// </summary>
public sealed class PolicyStore
{
    private readonly ConcurrentDictionary<string, PolicyState> _states = new(StringComparer.Ordinal);

    /// <summary>The snapshot of <paramref name="database"/>, or null with the reason it is unavailable.</summary>
    public PolicySnapshot? Current(string database, out string? problem)
    {
        if (_states.TryGetValue(database, out var state))
        {
            problem = state.Problem;
            return state.Snapshot;
        }

        problem = "the policy has not been loaded yet";
        return null;
    }

    /// <summary>Publishes a freshly loaded snapshot.</summary>
    public void Publish(string database, PolicySnapshot snapshot) => _states[database] = new(snapshot, null);

    /// <summary>Withdraws the snapshot: from now on calls to <paramref name="database"/> are refused.</summary>
    public void MarkUnavailable(string database, string problem) => _states[database] = new(null, problem);

    private sealed record PolicyState(PolicySnapshot? Snapshot, string? Problem);
}
