using System.Threading.RateLimiting;
using OdooSidecar.Policy;

namespace OdooSidecar.RateLimits;

/// <summary>The limits per minute, hour and day of one kind of caller; 0 means no limit.</summary>
/// <param name="PerMinute">Calls per minute.</param>
/// <param name="PerHour">Calls per hour.</param>
/// <param name="PerDay">Calls per day.</param>
public sealed record CallLimits(long PerMinute, long PerHour, long PerDay)
{
    /// <summary>True when no limit is set.</summary>
    public bool IsUnlimited => PerMinute <= 0 && PerHour <= 0 && PerDay <= 0;

    /// <summary>The user limits of a policy (<c>mcp_server.rate_limit_per_*</c>).</summary>
    public static CallLimits ForUsers(PolicySnapshot policy) => new(
        policy.Number(SettingKeys.RateLimitPerMinute, 0), policy.Number(SettingKeys.RateLimitPerHour, 0), policy.Number(SettingKeys.RateLimitPerDay, 0));

    /// <summary>The bridge limits of a policy (<c>mcp_server.bridge_rate_limit_per_*</c>).</summary>
    public static CallLimits ForBridges(PolicySnapshot policy) => new(
        policy.Number(SettingKeys.BridgeRateLimitPerMinute, 0), policy.Number(SettingKeys.BridgeRateLimitPerHour, 0), policy.Number(SettingKeys.BridgeRateLimitPerDay, 0));
}

/// <summary>Why a call is over its limit: which window, and when to try again.</summary>
/// <param name="Message">A text for the caller naming the limit.</param>
/// <param name="RetryAfter">When a new call may succeed.</param>
public sealed record RateLimitRefusal(string Message, TimeSpan RetryAfter);

/// <summary>
/// Limits calls per Odoo user and per bridge with System.Threading.RateLimiting: per partition three sliding windows
/// (a minute in 6 segments, an hour in 12, a day in 24). Every attempt counts, refused ones included. The limits
/// come from the policy; when they change the counters start afresh. One sidecar per company means one set of
/// counters, so the limits are exact.
/// </summary>
public sealed class CallRateLimiter : IDisposable
{
    private readonly Lock _gate = new();
    private LimiterSet? _users;
    private LimiterSet? _bridges;

    /// <summary>Takes one permit for the user (and the bridge, when there is one); a refusal when over a limit.</summary>
    public RateLimitRefusal? TryAcquire(PolicySnapshot policy, string database, long? userId, string? bridge)
    {
        if (userId is { } id && Current(ref _users, CallLimits.ForUsers(policy))?.TryAcquire($"{database}/{id}", $"user {id}") is { } userRefusal)
        {
            return userRefusal;
        }

        return bridge is null ? null : Current(ref _bridges, CallLimits.ForBridges(policy))?.TryAcquire(bridge, $"bridge '{bridge}'");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _users?.Dispose();
        _bridges?.Dispose();
    }

    private LimiterSet? Current(ref LimiterSet? current, CallLimits limits)
    {
        if (limits.IsUnlimited)
        {
            return null;
        }

        lock (_gate)
        {
            if (current?.Limits != limits)
            {
                current?.Dispose();
                current = new LimiterSet(limits);
            }

            return current;
        }
    }

    /// <summary>The windows of one set of limits, each partitioned by caller.</summary>
    private sealed class LimiterSet : IDisposable
    {
        private readonly List<(string Name, long Permits, TimeSpan Segment, PartitionedRateLimiter<string> Limiter)> _windows = [];

        public LimiterSet(CallLimits limits)
        {
            Limits = limits;
            Add("minute", limits.PerMinute, TimeSpan.FromMinutes(1), 6);
            Add("hour", limits.PerHour, TimeSpan.FromHours(1), 12);
            Add("day", limits.PerDay, TimeSpan.FromDays(1), 24);
        }

        public CallLimits Limits { get; }

        public RateLimitRefusal? TryAcquire(string partition, string who)
        {
            foreach (var (name, permits, segment, limiter) in _windows)
            {
                using var lease = limiter.AttemptAcquire(partition);
                if (!lease.IsAcquired)
                {
                    // A sliding window frees permits one segment at a time.
                    return new RateLimitRefusal($"Rate limit exceeded: {who} may make {permits} calls per {name}; retry in {segment.TotalSeconds:0} s.", segment);
                }
            }

            return null;
        }

        public void Dispose()
        {
            foreach (var window in _windows)
            {
                window.Limiter.Dispose();
            }
        }

        private void Add(string name, long permits, TimeSpan window, int segments)
        {
            if (permits <= 0)
            {
                return;
            }

            var limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = (int)Math.Min(permits, int.MaxValue),
                Window = window,
                SegmentsPerWindow = segments,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            _windows.Add((name, permits, window / segments, limiter));
        }
    }
}
