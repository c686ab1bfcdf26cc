using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace OdooSidecar.Benchmarks;

/// <summary>Sends the benchmark call to one target, one call at a time over keep-alive connections, and checks every answer.</summary>
internal sealed class LoadClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly byte[] _body;
    private readonly byte[] _expected;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private long _succeeded;
    private long _failed;

    public LoadClient(string name, Uri url, byte[] body, byte[] expected)
    {
        Name = name;
        Url = url;
        _body = body;
        _expected = expected;
        _client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public string Name { get; }

    public Uri Url { get; }

    /// <summary>Calls answered with HTTP 200 and exactly the upstream's body.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Calls that failed in any way.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Each distinct failure with how often it happened.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>One call; gives its latency in Stopwatch ticks, or -1 when it failed (the failure is counted).</summary>
    public async Task<long> CallAsync(bool countFailure = true)
    {
        var started = Stopwatch.GetTimestamp();
        string? failure;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Url)
            {
                Version = System.Net.HttpVersion.Version11,
                Content = new ByteArrayContent(_body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
            request.Headers.TryAddWithoutValidation("User-Agent", "Python-xmlrpc/3.12");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetTimestamp() - started;
            if (response.StatusCode == System.Net.HttpStatusCode.OK && body.AsSpan().SequenceEqual(_expected))
            {
                Interlocked.Increment(ref _succeeded);
                return elapsed;
            }

            var text = System.Text.Encoding.UTF8.GetString(body);
            failure = $"HTTP {(int)response.StatusCode}, unexpected body: {(text.Length > 300 ? text[..300] + "…" : text)}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            failure = $"{e.GetType().Name}: {e.Message}" + (e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : string.Empty);
        }

        if (countFailure)
        {
            Interlocked.Increment(ref _failed);
            _failures.AddOrUpdate(failure, 1, (_, n) => n + 1);
        }

        return -1;
    }

    /// <summary><paramref name="count"/> calls one after another; the latencies of those that succeeded.</summary>
    public async Task<List<long>> SequentialAsync(int count)
    {
        var latencies = new List<long>(count);
        for (var i = 0; i < count; i++)
        {
            var latency = await CallAsync();
            if (latency >= 0)
            {
                latencies.Add(latency);
            }
        }

        return latencies;
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>Percentiles of latencies given in Stopwatch ticks, reported in milliseconds.</summary>
internal sealed class Percentiles
{
    private readonly long[] _sorted;

    public Percentiles(IEnumerable<long> ticks)
    {
        _sorted = [.. ticks];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double P50 => At(0.50);

    public double P90 => At(0.90);

    public double P99 => At(0.99);

    public double Max => At(1.0);

    public double At(double quantile) =>
        _sorted.Length == 0 ? double.NaN : _sorted[(int)Math.Round(quantile * (_sorted.Length - 1))] * 1000.0 / Stopwatch.Frequency;
}
