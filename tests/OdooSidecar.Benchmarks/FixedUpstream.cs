using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OdooSidecar.Benchmarks;

/// <summary>
/// A lean stand-in for Odoo: reads each HTTP/1.1 request (headers and a Content-Length body), waits
/// <see cref="ServiceTime"/> and answers one fixed XML-RPC response. It serves each connection on its own thread
/// with blocking sockets: a recv and a send per call, no event loop or thread-pool hop, so the two cores of the
/// throughput scenario go to the sidecar rather than to the stand-in (a Kestrel stand-in cost 50-80 µs per call).
/// </summary>
internal sealed class FixedUpstream : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLengthName = "content-length:"u8.ToArray();

    private readonly Socket _listener;
    private readonly byte[] _keepAliveAnswer;
    private readonly byte[] _closingAnswer;
    private readonly List<Socket> _connections = [];
    private long _requests;
    private long _bodyBytes;
    private long _serviceTicks;
    private volatile bool _closeConnections;

    private FixedUpstream(Socket listener, byte[] response)
    {
        _listener = listener;
        _keepAliveAnswer = Answer(response, close: false);
        _closingAnswer = Answer(response, close: true);
        Address = new Uri($"http://{listener.LocalEndPoint}");
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; }

    /// <summary>How long each answer waits before it is written; zero answers at once.</summary>
    public TimeSpan ServiceTime
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _serviceTicks));
        set => Interlocked.Exchange(ref _serviceTicks, value.Ticks);
    }

    /// <summary>Answer with <c>Connection: close</c> and close, as Odoo's werkzeug server does.</summary>
    public bool CloseConnections
    {
        get => _closeConnections;
        set => _closeConnections = value;
    }

    /// <summary>Requests answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Request body bytes received so far.</summary>
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    public static Task<FixedUpstream> StartAsync(byte[] response)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        var upstream = new FixedUpstream(listener, response);
        new Thread(upstream.AcceptLoop) { IsBackground = true, Name = "upstream accept" }.Start();
        return Task.FromResult(upstream);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private static byte[] Answer(byte[] body, bool close)
    {
        var headers = "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\n" +
            (close ? "Connection: close\r\n" : string.Empty) +
            $"Content-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(headers), .. body];
    }

    private void AcceptLoop()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            connection.NoDelay = true;
            lock (_connections)
            {
                _connections.RemoveAll(c => !c.Connected);
                _connections.Add(connection);
            }

            new Thread(() => Serve(connection)) { IsBackground = true, Name = "upstream connection" }.Start();
        }
    }

    private void Serve(Socket connection)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                int headerLength, bodyLength;
                while (!TryParseHead(buffer.AsSpan(0, filled), out headerLength, out bodyLength))
                {
                    if (filled == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    var read = connection.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                var requestLength = headerLength + bodyLength;
                if (requestLength > buffer.Length)
                {
                    Array.Resize(ref buffer, requestLength);
                }

                while (filled < requestLength)
                {
                    var read = connection.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                Interlocked.Add(ref _bodyBytes, bodyLength);
                Interlocked.Increment(ref _requests);
                if (ServiceTime is { Ticks: > 0 } serviceTime)
                {
                    // Thread.Sleep (nanosleep) is far closer to 1 ms than a timer queue here.
                    Thread.Sleep(serviceTime);
                }

                var close = _closeConnections;
                connection.Send(close ? _closingAnswer : _keepAliveAnswer);
                if (close)
                {
                    connection.Shutdown(SocketShutdown.Both);
                    return;
                }

                // Keep whatever followed this request (a pipelined one) at the start of the buffer.
                filled -= requestLength;
                Buffer.BlockCopy(buffer, requestLength, buffer, 0, filled);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            connection.Dispose();
        }
    }

    /// <summary>Finds the end of the request head and its Content-Length; a request without one has no body.</summary>
    private static bool TryParseHead(ReadOnlySpan<byte> data, out int headerLength, out int bodyLength)
    {
        headerLength = bodyLength = 0;
        var end = data.IndexOf(HeaderEnd);
        if (end < 0)
        {
            return false;
        }

        headerLength = end + HeaderEnd.Length;
        var head = data[..end];
        while (head.IndexOf("\r\n"u8) is var lineEnd and >= 0)
        {
            head = head[(lineEnd + 2)..];
            var line = head.IndexOf("\r\n"u8) is var next and >= 0 ? head[..next] : head;
            if (line.Length > ContentLengthName.Length && Ascii.EqualsIgnoreCase(line[..ContentLengthName.Length], ContentLengthName))
            {
                if (!Utf8Parser.TryParse(line[ContentLengthName.Length..].Trim((byte)' '), out bodyLength, out _))
                {
                    throw new InvalidDataException("The upstream stand-in got a Content-Length it cannot read.");
                }
            }
        }

        return true;
    }
}
