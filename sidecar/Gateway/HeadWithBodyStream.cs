using System.Buffers;
using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace OdooSidecar.Gateway;

/// <summary>
/// A connection to Odoo that sends a request's head and body in one write. YARP flushes the head before it copies
/// a body (so that streaming requests start at once), which makes every forwarded call two TCP segments and wakes
/// Odoo's worker twice. This stream keeps a head back when it announces a body of known, modest length, and sends
/// it with the first body write, which HttpClient makes right after. Anything it cannot frame for certain (chunked
/// bodies, upgrades, <c>Expect</c>) turns holding off for the rest of the connection.
/// </summary>
internal sealed class HeadWithBodyStream(Stream inner) : Stream
{
    /// <summary>Largest head plus body sent as one write; bigger bodies gain nothing from it.</summary>
    internal const int MaxCombinedBytes = 64 * 1024;

    private byte[]? _held;
    private int _heldLength;
    private long _bodyRemaining;
    private bool _framingUnknown;

    /// <summary>Opens a TCP connection as SocketsHttpHandler does by default, wrapped in this stream.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new HeadWithBodyStream(new NetworkStream(socket, ownsSocket: true));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_held is { } held)
        {
            return SendWithHeldHeadAsync(held, buffer, cancellationToken);
        }

        if (Hold(buffer.Span))
        {
            return ValueTask.CompletedTask;
        }

        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ReleaseHeld(out var held, out var length);
        if (held is not null)
        {
            inner.Write(held.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(held);
        }

        Track(buffer);
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleaseHeld(out var held, out _);
            if (held is not null)
            {
                ArrayPool<byte>.Shared.Return(held);
            }

            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// The length of the body that <paramref name="head"/> announces, 0 when it has none, or null when this stream
    /// cannot follow the framing (chunked, upgrade, 100-continue) or <paramref name="head"/> is not one whole
    /// HTTP/1.1 request head.
    /// </summary>
    internal static long? AnnouncedBodyLength(ReadOnlySpan<byte> head)
    {
        var requestLineEnd = head.IndexOf("\r\n"u8);
        if (!head.EndsWith("\r\n\r\n"u8) || requestLineEnd < 0 || !head[..requestLineEnd].EndsWith(" HTTP/1.1"u8))
        {
            return null;
        }

        long length = 0;
        foreach (var range in head[..^4].Split("\r\n"u8))
        {
            var line = head[range];
            if (HasName(line, "transfer-encoding"u8) || HasName(line, "upgrade"u8) || HasName(line, "expect"u8))
            {
                return null;
            }

            if (HasName(line, ContentLength))
            {
                var value = line[(ContentLength.Length + 1)..].Trim((byte)' ');
                if (!Utf8Parser.TryParse(value, out length, out var used) || used != value.Length || length < 0)
                {
                    return null;
                }
            }
        }

        return length;
    }

    private static ReadOnlySpan<byte> ContentLength => "content-length"u8;

    private static bool HasName(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name) =>
        line.Length > name.Length && line[name.Length] == ':' && Ascii.EqualsIgnoreCase(line[..name.Length], name);

    /// <summary>Keeps <paramref name="buffer"/> back when it is a whole head whose body follows; true if kept.</summary>
    private bool Hold(ReadOnlySpan<byte> buffer)
    {
        var atHead = !_framingUnknown && _bodyRemaining == 0;
        Track(buffer);
        if (!atHead || _bodyRemaining == 0 || buffer.Length + _bodyRemaining > MaxCombinedBytes)
        {
            return false;
        }

        _held = ArrayPool<byte>.Shared.Rent(buffer.Length + (int)_bodyRemaining);
        buffer.CopyTo(_held);
        _heldLength = buffer.Length;
        return true;
    }

    /// <summary>Follows the framing: a head sets the body length it announces, body bytes count it down.</summary>
    private void Track(ReadOnlySpan<byte> buffer)
    {
        if (_framingUnknown)
        {
            return;
        }

        if (_bodyRemaining > 0)
        {
            _bodyRemaining -= Math.Min(_bodyRemaining, buffer.Length);
            return;
        }

        var body = AnnouncedBodyLength(buffer);
        _framingUnknown = body is null;
        _bodyRemaining = body ?? 0;
    }

    private async ValueTask SendWithHeldHeadAsync(byte[] held, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        _held = null;
        try
        {
            if (_heldLength + buffer.Length <= held.Length)
            {
                buffer.Span.CopyTo(held.AsSpan(_heldLength));
                Track(buffer.Span);
                await inner.WriteAsync(held.AsMemory(0, _heldLength + buffer.Length), cancellationToken);
                return;
            }

            await inner.WriteAsync(held.AsMemory(0, _heldLength), cancellationToken);
            Track(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
        }
    }

    private void ReleaseHeld(out byte[]? held, out int length)
    {
        held = _held;
        length = _heldLength;
        _held = null;
    }
}
