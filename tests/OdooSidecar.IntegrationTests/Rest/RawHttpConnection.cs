using System.Net.Sockets;
using System.Text;

namespace OdooSidecar.IntegrationTests.Rest;

/// <summary>
/// One TCP connection that sends requests byte for byte as given (header order, case and all, as a Python client
/// writes them) and reads HTTP/1.1 answers: by Content-Length, chunked, or up to the close.
/// </summary>
internal sealed class RawHttpConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri address)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        return new RawHttpConnection(client);
    }

    public async Task<RawHttpResponse> SendAsync(byte[] request)
    {
        await _stream.WriteAsync(request);
        var head = Encoding.ASCII.GetString(await ReadUntilAsync("\r\n\r\n"u8.ToArray()));
        var lines = head[..^4].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(line => line.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            body = await ReadExactlyAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var chunks = new List<byte>();
            while (true)
            {
                var size = Convert.ToInt32(Encoding.ASCII.GetString(await ReadUntilAsync("\r\n"u8.ToArray()))[..^2].Split(';')[0], 16);
                chunks.AddRange(await ReadExactlyAsync(size));
                await ReadExactlyAsync(2);
                if (size == 0)
                {
                    break;
                }
            }

            body = [.. chunks];
        }
        else
        {
            body = await ReadToEndAsync();
        }

        return new RawHttpResponse(status, headers, body);
    }

    private async Task<byte[]> ReadUntilAsync(byte[] terminator)
    {
        while (true)
        {
            var at = IndexOf(_pending, terminator);
            if (at >= 0)
            {
                return Take(at + terminator.Length);
            }

            await FillAsync();
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        while (_pending.Count < count)
        {
            await FillAsync();
        }

        return Take(count);
    }

    private async Task<byte[]> ReadToEndAsync()
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await _stream.ReadAsync(buffer)) > 0)
        {
            _pending.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        return Take(_pending.Count);
    }

    private async Task FillAsync()
    {
        var buffer = new byte[8192];
        var read = await _stream.ReadAsync(buffer);
        if (read == 0)
        {
            throw new IOException("The sidecar closed the connection in the middle of an answer.");
        }

        _pending.AddRange(buffer.AsSpan(0, read).ToArray());
    }

    private byte[] Take(int count)
    {
        var taken = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return taken;
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}

/// <summary>An HTTP answer as read off the wire.</summary>
internal sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}
