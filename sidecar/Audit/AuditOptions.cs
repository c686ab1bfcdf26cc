using System.ComponentModel.DataAnnotations;

namespace OdooSidecar.Audit;

/// <summary>How audit rows are batched and bounded (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Audit";

    /// <summary>Longest a read call's row waits in memory before it is committed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most rows in one COPY; this many waiting rows are written without waiting for the interval.</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 500;

    /// <summary>Most rows waiting in memory; beyond it calls are refused until the store catches up.</summary>
    [Range(1, 10_000_000)]
    public int MaxQueue { get; set; } = 50_000;

    /// <summary>Longest text kept in request_data, response_data, error_message and user_agent.</summary>
    [Range(64, 1_000_000)]
    public int MaxTextLength { get; set; } = 4000;

    /// <summary>Wait before retrying after the audit store failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
