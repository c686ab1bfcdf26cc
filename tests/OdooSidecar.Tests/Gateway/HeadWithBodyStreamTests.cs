using System.Text;
using OdooSidecar.Gateway;

namespace OdooSidecar.Tests.Gateway;

public sealed class HeadWithBodyStreamTests
{
    private const string PostHead = "POST /xmlrpc/2/object HTTP/1.1\r\nHost: odoo\r\nContent-Type: text/xml\r\nContent-Length: 11\r\n\r\n";
    private const string Body = "<methodCall";

    [Theory]
    [InlineData(PostHead, 11L)]
    [InlineData("POST / HTTP/1.1\r\ncontent-length:  42 \r\n\r\n", 42L)]
    [InlineData("GET /web HTTP/1.1\r\nHost: odoo\r\n\r\n", 0L)]
    [InlineData("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", null)]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n", null)]
    [InlineData("GET /websocket HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", null)]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: 11\r\n", null)]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: eleven\r\n\r\n", null)]
    [InlineData("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", null)]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", null)]
    [InlineData("binary\r\nContent-Length: 3\r\n\r\n", null)]
    public void The_announced_body_length_is_read_from_a_whole_head_or_left_unknown(string head, long? expected)
    {
        Assert.Equal(expected, HeadWithBodyStream.AnnouncedBodyLength(Encoding.ASCII.GetBytes(head)));
    }

    [Fact]
    public async Task A_head_that_announces_a_body_goes_out_with_that_body_in_one_write()
    {
        var (stream, writes) = Recording();

        await stream.WriteAsync(Ascii(PostHead));
        Assert.Empty(writes);
        await stream.WriteAsync(Ascii(Body));

        Assert.Equal([PostHead + Body], writes);
    }

    [Fact]
    public async Task Each_call_on_a_kept_alive_connection_is_combined_and_a_head_without_body_goes_at_once()
    {
        var (stream, writes) = Recording();
        const string get = "GET /web/health HTTP/1.1\r\nHost: odoo\r\n\r\n";

        await stream.WriteAsync(Ascii(PostHead));
        await stream.WriteAsync(Ascii(Body));
        await stream.WriteAsync(Ascii(get));
        await stream.WriteAsync(Ascii(PostHead));
        await stream.WriteAsync(Ascii(Body));

        Assert.Equal([PostHead + Body, get, PostHead + Body], writes);
    }

    [Fact]
    public async Task A_body_written_in_parts_is_followed_so_body_bytes_are_never_taken_for_a_head()
    {
        var (stream, writes) = Recording();
        const string head = "POST / HTTP/1.1\r\nContent-Length: 44\r\n\r\n";
        const string bodyThatLooksLikeAHead = "x\r\nContent-Length: 5\r\n\r\n";

        await stream.WriteAsync(Ascii(head));
        await stream.WriteAsync(Ascii("0123456789012345678"));
        await stream.WriteAsync(Ascii(bodyThatLooksLikeAHead));

        Assert.Equal([head + "0123456789012345678", bodyThatLooksLikeAHead], writes);
    }

    [Fact]
    public async Task Chunked_framing_stops_holding_for_the_rest_of_the_connection()
    {
        var (stream, writes) = Recording();
        const string chunkedHead = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";

        await stream.WriteAsync(Ascii(chunkedHead));
        await stream.WriteAsync(Ascii("b\r\n<methodCall\r\n0\r\n\r\n"));
        await stream.WriteAsync(Ascii(PostHead));

        Assert.Equal([chunkedHead, "b\r\n<methodCall\r\n0\r\n\r\n", PostHead], writes);
    }

    [Fact]
    public async Task A_body_too_large_to_combine_leaves_its_head_to_go_alone()
    {
        var (stream, writes) = Recording();
        var head = $"POST / HTTP/1.1\r\nContent-Length: {HeadWithBodyStream.MaxCombinedBytes}\r\n\r\n";

        await stream.WriteAsync(Ascii(head));

        Assert.Equal([head], writes);
    }

    [Fact]
    public async Task A_held_head_goes_out_before_a_synchronous_write()
    {
        var (stream, writes) = Recording();

        await stream.WriteAsync(Ascii(PostHead));
        stream.Write(Ascii(Body).Span);

        Assert.Equal([PostHead, Body], writes);
    }

    private static ReadOnlyMemory<byte> Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static (HeadWithBodyStream Stream, List<string> Writes) Recording()
    {
        var inner = new RecordingStream();
        return (new HeadWithBodyStream(inner), inner.Writes);
    }

    /// <summary>Keeps each write as one string, so a test sees how the bytes were grouped.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public List<string> Writes { get; } = [];

        public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(Encoding.ASCII.GetString(buffer));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(Encoding.ASCII.GetString(buffer.Span));
            return ValueTask.CompletedTask;
        }
    }
}
