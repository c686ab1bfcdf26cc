using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OdooSidecar.XmlRpc;

/// <summary>
/// Writes the canonical XML-RPC form of calls and faults as UTF-8: one spelling per value, so what Odoo reads is
/// exactly what the sidecar checked. Integers beyond 32 bits are written as <c>&lt;i8&gt;</c>, doubles in their
/// shortest round-trip form, CR in text as <c>&amp;#13;</c> so XML line-end normalization cannot change it.
/// </summary>
public static class XmlRpcWriter
{
    private static ReadOnlySpan<byte> CallStart => "<?xml version=\"1.0\"?>\n<methodCall><methodName>"u8;

    /// <summary>Writes <paramref name="call"/> as a <c>methodCall</c> document.</summary>
    public static void WriteCall(IBufferWriter<byte> output, XmlRpcCall call)
    {
        Write(output, CallStart);
        WriteEscaped(output, call.MethodName);
        Write(output, "</methodName><params>"u8);
        for (var i = 0; i < call.Params.Count; i++)
        {
            Write(output, "<param>"u8);
            WriteValue(output, call.Params[i]);
            Write(output, "</param>"u8);
        }

        Write(output, "</params></methodCall>\n"u8);
    }

    /// <summary>Writes a <c>methodResponse</c> holding one result value.</summary>
    public static void WriteResponse(IBufferWriter<byte> output, XmlRpcValue result)
    {
        Write(output, "<?xml version=\"1.0\"?>\n<methodResponse><params><param>"u8);
        WriteValue(output, result);
        Write(output, "</param></params></methodResponse>\n"u8);
    }

    /// <summary>Writes a <c>methodResponse</c> fault with Odoo's integer fault codes.</summary>
    public static void WriteFault(IBufferWriter<byte> output, int code, string message)
    {
        Write(output, "<?xml version=\"1.0\"?>\n<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>"u8);
        WriteInvariant(output, code);
        Write(output, "</int></value></member><member><name>faultString</name><value><string>"u8);
        WriteEscaped(output, message);
        Write(output, "</string></value></member></struct></value></fault></methodResponse>\n"u8);
    }

    /// <summary>Writes <paramref name="call"/> into a new byte array.</summary>
    public static byte[] ToBytes(XmlRpcCall call)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteCall(buffer, call);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(IBufferWriter<byte> output, XmlRpcValue value)
    {
        Write(output, "<value>"u8);
        switch (value)
        {
            case XmlRpcString s:
                Write(output, "<string>"u8);
                WriteEscaped(output, s.Value);
                Write(output, "</string>"u8);
                break;
            case XmlRpcInteger i when i.Value is >= int.MinValue and <= int.MaxValue:
                Write(output, "<int>"u8);
                WriteInvariant(output, i.Value);
                Write(output, "</int>"u8);
                break;
            case XmlRpcInteger i:
                Write(output, "<i8>"u8);
                WriteInvariant(output, i.Value);
                Write(output, "</i8>"u8);
                break;
            case XmlRpcBoolean b:
                Write(output, b.Value ? "<boolean>1</boolean>"u8 : "<boolean>0</boolean>"u8);
                break;
            case XmlRpcDouble d:
                Write(output, "<double>"u8);
                WriteDouble(output, d.Value);
                Write(output, "</double>"u8);
                break;
            case XmlRpcDateTime t:
                Write(output, "<dateTime.iso8601>"u8);
                WriteEscaped(output, t.Text);
                Write(output, "</dateTime.iso8601>"u8);
                break;
            case XmlRpcBase64 b:
                Write(output, "<base64>"u8);
                WriteBase64(output, b.Data.Span);
                Write(output, "</base64>"u8);
                break;
            case XmlRpcNil:
                Write(output, "<nil/>"u8);
                break;
            case XmlRpcArray a:
                Write(output, "<array><data>"u8);
                for (var i = 0; i < a.Items.Count; i++)
                {
                    WriteValue(output, a.Items[i]);
                }

                Write(output, "</data></array>"u8);
                break;
            case XmlRpcStruct s:
                Write(output, "<struct>"u8);
                for (var i = 0; i < s.Members.Count; i++)
                {
                    var member = s.Members[i];
                    Write(output, "<member><name>"u8);
                    WriteEscaped(output, member.Key);
                    Write(output, "</name>"u8);
                    WriteValue(output, member.Value);
                    Write(output, "</member>"u8);
                }

                Write(output, "</struct>"u8);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Unknown XML-RPC value type.");
        }

        Write(output, "</value>"u8);
    }

    /// <summary>Python spells non-finite doubles <c>inf</c>, <c>-inf</c> and <c>nan</c>, and reads them back.</summary>
    private static void WriteDouble(IBufferWriter<byte> output, double value)
    {
        if (double.IsNaN(value))
        {
            Write(output, "nan"u8);
        }
        else if (double.IsInfinity(value))
        {
            Write(output, value > 0 ? "inf"u8 : "-inf"u8);
        }
        else
        {
            var span = output.GetSpan(32);
            value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
            output.Advance(written);
        }
    }

    private static void WriteInvariant(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    private static void WriteBase64(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        var span = output.GetSpan(Base64.GetMaxEncodedToUtf8Length(data.Length));
        Base64.EncodeToUtf8(data, span, out _, out var written);
        output.Advance(written);
    }

    private static void WriteEscaped(IBufferWriter<byte> output, string text)
    {
        var remaining = text.AsSpan();
        while (!remaining.IsEmpty)
        {
            var special = remaining.IndexOfAny("&<>\r");
            var plain = special < 0 ? remaining : remaining[..special];
            if (!plain.IsEmpty)
            {
                var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(plain.Length));
                output.Advance(Encoding.UTF8.GetBytes(plain, span));
            }

            if (special < 0)
            {
                return;
            }

            Write(output, remaining[special] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                _ => "&#13;"u8,
            });
            remaining = remaining[(special + 1)..];
        }
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
