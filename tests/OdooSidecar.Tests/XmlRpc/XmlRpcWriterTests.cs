using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.Tests.XmlRpc;

public sealed class XmlRpcWriterTests
{
    private const string Prolog = "<?xml version=\"1.0\"?>\n";

    [Fact]
    public void A_call_without_params_is_written_with_an_empty_params_element() =>
        Assert.Equal(
            Prolog + "<methodCall><methodName>version</methodName><params></params></methodCall>\n",
            Write(new XmlRpcCall("version", [])));

    [Theory]
    [InlineData(0L, "<int>0</int>")]
    [InlineData(-7L, "<int>-7</int>")]
    [InlineData(2147483647L, "<int>2147483647</int>")]
    [InlineData(-2147483648L, "<int>-2147483648</int>")]
    [InlineData(2147483648L, "<i8>2147483648</i8>")]
    [InlineData(-2147483649L, "<i8>-2147483649</i8>")]
    [InlineData(long.MaxValue, "<i8>9223372036854775807</i8>")]
    [InlineData(long.MinValue, "<i8>-9223372036854775808</i8>")]
    public void Integers_beyond_32_bits_are_written_as_i8(long value, string expected) =>
        Assert.Equal(expected, WriteValue(new XmlRpcInteger(value)));

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(3.0000000000000004, "3.0000000000000004")]
    [InlineData(1e3, "1000")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157E+308")]
    [InlineData(5e-324, "5E-324")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Doubles_are_written_in_their_shortest_round_trip_form(double value, string expected) =>
        Assert.Equal("<double>" + expected + "</double>", WriteValue(new XmlRpcDouble(value)));

    [Fact]
    public void Scalars_have_one_canonical_spelling()
    {
        Assert.Equal("<boolean>1</boolean>", WriteValue(XmlRpcBoolean.True));
        Assert.Equal("<boolean>0</boolean>", WriteValue(XmlRpcBoolean.False));
        Assert.Equal("<string>text</string>", WriteValue(new XmlRpcString("text")));
        Assert.Equal("<string></string>", WriteValue(new XmlRpcString(string.Empty)));
        Assert.Equal("<dateTime.iso8601>20240131T10:20:30</dateTime.iso8601>", WriteValue(new XmlRpcDateTime("20240131T10:20:30")));
        Assert.Equal("<base64>QUJD</base64>", WriteValue(new XmlRpcBase64("ABC"u8.ToArray())));
        Assert.Equal("<base64></base64>", WriteValue(new XmlRpcBase64(Array.Empty<byte>())));
        Assert.Equal("<nil/>", WriteValue(XmlRpcValue.Nil));
    }

    [Fact]
    public void Arrays_and_structs_are_written_in_order()
    {
        var value = new XmlRpcStruct(
        [
            new("ids", new XmlRpcArray([new XmlRpcInteger(1), new XmlRpcArray([])])),
            new("empty", new XmlRpcStruct([])),
        ]);

        Assert.Equal(
            "<struct><member><name>ids</name><value><array><data><value><int>1</int></value><value><array><data></data></array></value>"
            + "</data></array></value></member><member><name>empty</name><value><struct></struct></value></member></struct>",
            WriteValue(value));
    }

    [Fact]
    public void Text_escapes_markup_and_CR_and_keeps_everything_else()
    {
        Assert.Equal(
            "<string>a&amp;b&lt;c&gt;d&#13;\n\t \"'é€😀</string>",
            WriteValue(new XmlRpcString("a&b<c>d\r\n\t \"'é€😀")));
    }

    [Fact]
    public void Method_names_and_struct_names_are_escaped_too()
    {
        var call = new XmlRpcCall("a&<b>\r", [new XmlRpcStruct([new("k&<\r", XmlRpcValue.Nil)])]);

        Assert.Equal(
            Prolog + "<methodCall><methodName>a&amp;&lt;b&gt;&#13;</methodName><params><param><value><struct><member>"
            + "<name>k&amp;&lt;&#13;</name><value><nil/></value></member></struct></value></param></params></methodCall>\n",
            Write(call));
    }

    [Fact]
    public void Output_is_utf_8()
    {
        var bytes = XmlRpcWriter.ToBytes(new XmlRpcCall("m", [new XmlRpcString("é")]));

        Assert.True(bytes.AsSpan().IndexOf("<string>\u00e9</string>"u8) >= 0);
    }

    [Fact]
    public void A_fault_carries_the_code_and_the_escaped_message()
    {
        var buffer = new ArrayBufferWriter<byte>();

        XmlRpcWriter.WriteFault(buffer, 3, "Access <denied> & logged\r");

        Assert.Equal(
            Prolog + "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>3</int></value></member>"
            + "<member><name>faultString</name><value><string>Access &lt;denied&gt; &amp; logged&#13;</string></value></member>"
            + "</struct></value></fault></methodResponse>\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Our_reader_reads_back_exactly_what_the_writer_wrote()
    {
        foreach (var call in RoundTripCalls())
        {
            Assert.Equal(call, XmlRpcCallReader.Read(XmlRpcWriter.ToBytes(call)));
        }
    }

    [Fact]
    public void Python_reads_back_exactly_what_the_writer_wrote()
    {
        var calls = RoundTripCalls();

        var python = PythonXmlRpc.Load([.. calls.Select(XmlRpcWriter.ToBytes)]);

        var mismatches = calls.Zip(python)
            .Select(pair => (Expected: XmlRpcVerdict.Accept(pair.First.MethodName, new JsonArray([.. pair.First.Params.Select(PythonXmlRpc.Encode)])), Python: pair.Second))
            .Where(pair => pair.Expected != pair.Python)
            .Select(pair => $"wrote {pair.Expected}\n  python read {pair.Python}")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void A_fault_is_raised_by_python_with_its_code_and_message()
    {
        var buffer = new ArrayBufferWriter<byte>();
        XmlRpcWriter.WriteFault(buffer, 3, "Access <denied> & logged\r");

        var python = Assert.Single(PythonXmlRpc.Load([buffer.WrittenSpan.ToArray()]));

        Assert.False(python.Accepted);
        Assert.Equal("Fault: <Fault 3: 'Access <denied> & logged\\r'>", python.Error);
    }

    private static List<XmlRpcCall> RoundTripCalls()
    {
        double[] doubles =
        [
            0.1, 3.0000000000000004, 1e3, -0.0, 0.0, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 1e21, 1e-7,
            0.30000000000000004, 123456789.123, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        ];
        long[] integers = [0, 1, -1, int.MaxValue, int.MinValue, int.MaxValue + 1L, int.MinValue - 1L, long.MaxValue, long.MinValue];
        string[] strings = ["", "plain", "a\r\nb", "\r", " lead and trail ", "\t\n", "&<>\"'", "]]>", "é€中😀", "\u0085\u2028", "\ufffd"];
        var random = new Random(7);
        var bytes = new byte[64];
        random.NextBytes(bytes);

        return
        [
            new("version", []),
            new("doubles", [.. doubles.Select(d => (XmlRpcValue)new XmlRpcDouble(d))]),
            new("integers", [.. integers.Select(i => (XmlRpcValue)new XmlRpcInteger(i))]),
            new("strings", [.. strings.Select(s => (XmlRpcValue)new XmlRpcString(s))]),
            new("a&b<c>\r\n", [XmlRpcBoolean.True, XmlRpcBoolean.False, XmlRpcValue.Nil]),
            new("binary and dates", [new XmlRpcBase64(bytes), new XmlRpcBase64(Array.Empty<byte>()), new XmlRpcDateTime("20240131T10:20:30"), new XmlRpcDateTime("")]),
            new("execute_kw",
            [
                new XmlRpcString("db"), new XmlRpcInteger(2), new XmlRpcString("key"), new XmlRpcString("res.partner"), new XmlRpcString("search_read"),
                new XmlRpcArray([new XmlRpcArray([new XmlRpcArray([new XmlRpcString("name"), new XmlRpcString("ilike"), new XmlRpcString("a\rb")])])]),
                new XmlRpcStruct(
                [
                    new("fields", new XmlRpcArray([new XmlRpcString("name")])),
                    new("limit", new XmlRpcInteger(5_000_000_000)),
                    new("order", XmlRpcValue.Nil),
                    new("k&<\r", new XmlRpcStruct([new(string.Empty, new XmlRpcDouble(-0.0))])),
                ]),
            ]),
        ];
    }

    private static string Write(XmlRpcCall call) => Encoding.UTF8.GetString(XmlRpcWriter.ToBytes(call));

    /// <summary>The value as written inside <c>&lt;value&gt;</c> of a one-parameter call.</summary>
    private static string WriteValue(XmlRpcValue value)
    {
        var call = Write(new XmlRpcCall("m", [value]));
        const string Before = "<param><value>";
        const string After = "</value></param>";
        var start = call.IndexOf(Before, StringComparison.Ordinal) + Before.Length;
        return call[start..call.LastIndexOf(After, StringComparison.Ordinal)];
    }
}
