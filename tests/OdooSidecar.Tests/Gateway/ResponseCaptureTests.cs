using System.Text;
using OdooSidecar.Gateway;

namespace OdooSidecar.Tests.Gateway;

public sealed class ResponseCaptureTests
{
    private const string OdooResult =
        "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
        + "<value><struct>\n<member>\n<name>id</name>\n<value><int>7</int></value>\n</member>\n"
        + "<member>\n<name>name</name>\n<value><string>&lt;fault&gt; faultCode Ünïcode</string></value>\n</member>\n</struct></value>\n"
        + "</data></array></value>\n</param>\n</params>\n</methodResponse>\n";

    private const string MarshalNoneFault =
        "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n"
        + "<value><int>1</int></value>\n</member>\n<member>\n<name>faultString</name>\n"
        + "<value><string>Traceback (most recent call last):\n  File \"/odoo/http.py\", line 1, in dispatch\n"
        + "TypeError: cannot marshal None unless allow_none is enabled\n</string></value>\n</member>\n</struct></value>\n"
        + "</fault>\n</methodResponse>\n";

    private const string AccessErrorFault =
        "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n"
        + "<value><int>4</int></value>\n</member>\n<member>\n<name>faultString</name>\n"
        + "<value><string>You are not allowed to access 'Contact' (res.partner) &amp; &lt;friends&gt;.</string></value>\n"
        + "</member>\n</struct></value>\n</fault>\n</methodResponse>\n";

    [Fact]
    public async Task A_result_is_not_a_fault()
    {
        var (capture, _) = await PassThroughAsync(OdooResult, capacity: 4096);

        Assert.Null(capture.Fault());
        Assert.Equal(OdooResult, capture.Text);
    }

    [Theory]
    [InlineData("<value><int>42</int></value>", "42")]
    [InlineData("<value><array><data>\n<value><int>42</int></value>\n<value><int>43</int></value>\n</data></array></value>", "42,43")]
    [InlineData("<value><array><data>\n<value><int>42</int></value>\n<value><string>Ada</string></value>\n</data></array></value>", "")]
    [InlineData("<value><boolean>1</boolean></value>", "")]
    public async Task The_ids_a_create_answered_are_read_from_an_integer_or_a_list_of_integers(string result, string ids)
    {
        var answer = $"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n{result}\n</param>\n</params>\n</methodResponse>\n";

        var (capture, _) = await PassThroughAsync(answer, capacity: 4096);

        Assert.Equal(ids, string.Join(',', capture.ResultIds()));
    }

    [Fact]
    public async Task Odoos_fault_for_a_method_returning_None_gives_code_1_and_the_traceback()
    {
        var (capture, _) = await PassThroughAsync(MarshalNoneFault, capacity: 4096);

        var fault = Assert.NotNull(capture.Fault());
        Assert.Equal(1, fault.Code);
        Assert.StartsWith("Traceback (most recent call last):\n", fault.Message, StringComparison.Ordinal);
        Assert.Contains("TypeError: cannot marshal None unless allow_none is enabled", fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fault_string_is_unescaped()
    {
        var (capture, _) = await PassThroughAsync(AccessErrorFault, capacity: 4096);

        Assert.Equal((4, "You are not allowed to access 'Contact' (res.partner) & <friends>."), capture.Fault());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task The_answer_passes_through_byte_for_byte_whatever_the_chunking(int chunk)
    {
        var (_, forwarded) = await PassThroughAsync(OdooResult, capacity: 64, chunk);

        Assert.Equal(Encoding.UTF8.GetBytes(OdooResult), forwarded);
    }

    [Fact]
    public async Task Every_write_overload_passes_through_and_is_captured()
    {
        var inner = new MemoryStream();
        using var capture = new ResponseCapture(inner, 4096);

        capture.Write("<a"u8);
        capture.Write(Encoding.UTF8.GetBytes("xx>b"), 2, 2);
        capture.WriteByte((byte)'c');
#pragma warning disable CA1835 // YARP may call the array overload too: it is under test here.
        await capture.WriteAsync(Encoding.UTF8.GetBytes("d"), 0, 1, CancellationToken.None);
#pragma warning restore CA1835
        await capture.WriteAsync("e"u8.ToArray().AsMemory());
        capture.Flush();

        Assert.Equal("<a>bcde", Encoding.UTF8.GetString(inner.ToArray()));
        Assert.Equal("<a>bcde", capture.Text);
    }

    [Fact]
    public async Task The_capture_keeps_only_its_capacity_while_everything_passes_through()
    {
        var (capture, forwarded) = await PassThroughAsync(MarshalNoneFault, capacity: 230, chunk: 64);

        Assert.Equal(Encoding.UTF8.GetBytes(MarshalNoneFault), forwarded);
        Assert.Equal(MarshalNoneFault[..230], capture.Text);
        Assert.Equal((1, MarshalNoneFault[MarshalNoneFault.IndexOf("Traceback", StringComparison.Ordinal)..230]), capture.Fault());
    }

    [Fact]
    public async Task A_capture_too_small_to_see_the_fault_element_reports_no_fault()
    {
        var (capture, _) = await PassThroughAsync(MarshalNoneFault, capacity: 30);

        Assert.Equal(MarshalNoneFault[..30], capture.Text);
        Assert.Null(capture.Fault());
    }

    [Fact]
    public void The_capture_is_write_only()
    {
        using var capture = new ResponseCapture(new MemoryStream(), 16);

        Assert.False(capture.CanRead);
        Assert.False(capture.CanSeek);
        Assert.True(capture.CanWrite);
        Assert.Throws<NotSupportedException>(() => capture.Read(new byte[1], 0, 1));
    }

    private static async Task<(ResponseCapture Capture, byte[] Forwarded)> PassThroughAsync(string answer, int capacity, int chunk = 4096)
    {
        var bytes = Encoding.UTF8.GetBytes(answer);
        var inner = new MemoryStream();
        var capture = new ResponseCapture(inner, capacity);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await capture.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
        }

        await capture.FlushAsync();
        return (capture, inner.ToArray());
    }
}
