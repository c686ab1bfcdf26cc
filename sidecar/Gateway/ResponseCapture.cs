using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace OdooSidecar.Gateway;

/// <summary>
/// Passes Odoo's answer through unchanged while keeping its first bytes, so the audit row can say whether Odoo
/// answered a result or a fault.
/// </summary>
internal sealed partial class ResponseCapture(Stream inner, int capacity) : Stream
{
    private readonly int _capacity = capacity;
    private byte[] _captured = ArrayPool<byte>.Shared.Rent(capacity);
    private int _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The captured start of the answer, as text.</summary>
    public string Text => Encoding.UTF8.GetString(_captured, 0, _length);

    /// <summary>The fault code and text of a fault answer, or null when the answer is a result.</summary>
    public (int Code, string Message)? Fault()
    {
        // Most answers are results: decide on the raw bytes, and decode only a fault.
        var bytes = _captured.AsSpan(0, _length);
        var start = bytes.IndexOf("<methodResponse>"u8);
        if (start < 0 || !bytes[(start + "<methodResponse>".Length)..].TrimStart(" \t\r\n"u8).StartsWith("<fault>"u8))
        {
            return null;
        }

        var text = Text;

        var code = FaultCode().Match(text);
        var message = FaultString().Match(text);
        return (code.Success ? int.Parse(code.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1,
            message.Success ? System.Net.WebUtility.HtmlDecode(message.Groups[1].Value) : string.Empty);
    }

    /// <summary>The ids of a result that is an integer or a list of integers (what create answers); else empty.</summary>
    public IReadOnlyList<long> ResultIds()
    {
        var text = Text;
        if (SingleId().Match(text) is { Success: true } single)
        {
            return [long.Parse(single.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)];
        }

        return IdList().Match(text) is { Success: true } list
            ? [.. ListedId().Matches(list.Groups[1].Value).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))]
            : [];
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Capture(buffer);
        inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Capture(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Capture(ReadOnlySpan<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _capacity - _length);
        buffer[..count].CopyTo(_captured.AsSpan(_length));
        _length += count;
    }

    /// <summary>Returns the capture buffer; the wrapped response body stays open.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _captured.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_captured);
            _captured = [];
        }

        base.Dispose(disposing);
    }

    [GeneratedRegex(@"<params>\s*<param>\s*<value>\s*<(?:int|i4|i8)>\s*(-?\d{1,18})\s*</(?:int|i4|i8)>\s*</value>")]
    private static partial Regex SingleId();

    [GeneratedRegex(@"<params>\s*<param>\s*<value>\s*<array>\s*<data>((?:\s*<value>\s*<(?:int|i4|i8)>\s*-?\d{1,18}\s*</(?:int|i4|i8)>\s*</value>)+)\s*</data>")]
    private static partial Regex IdList();

    [GeneratedRegex(@"<(?:int|i4|i8)>\s*(-?\d{1,18})\s*</")]
    private static partial Regex ListedId();

    [GeneratedRegex(@"<name>faultCode</name>\s*<value>\s*<(?:int|i4)>\s*(-?\d{1,9})\s*</")]
    private static partial Regex FaultCode();

    [GeneratedRegex(@"<name>faultString</name>\s*<value>\s*(?:<string>)?([^<]*)")]
    private static partial Regex FaultString();
}
