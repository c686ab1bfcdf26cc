using OdooSidecar.XmlRpc;

namespace OdooSidecar.Tests.XmlRpc;

public sealed class ReadOnlyMemoryStreamTests
{
    private static readonly byte[] Bytes = "<methodCall/>"u8.ToArray();

    [Fact]
    public async Task Asynchronous_reads_complete_at_once_with_the_bytes_then_the_end()
    {
        using var stream = new ReadOnlyMemoryStream(Bytes);
        var buffer = new byte[64];

        var first = stream.ReadAsync(buffer.AsMemory(), CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal(Bytes, buffer[..await first]);

        var end = stream.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None);
        Assert.True(end.IsCompletedSuccessfully);
        Assert.Equal(0, await end);
    }

    [Fact]
    public async Task A_zero_byte_read_completes_at_once_and_consumes_nothing()
    {
        using var stream = new ReadOnlyMemoryStream(Bytes);

        var probe = stream.ReadAsync(Memory<byte>.Empty, CancellationToken.None);

        Assert.True(probe.IsCompletedSuccessfully);
        Assert.Equal(0, await probe);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task A_canceled_read_is_canceled()
    {
        using var stream = new ReadOnlyMemoryStream(Bytes);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.ReadAsync(new byte[8].AsMemory(), new CancellationToken(canceled: true)).AsTask());
    }
}
