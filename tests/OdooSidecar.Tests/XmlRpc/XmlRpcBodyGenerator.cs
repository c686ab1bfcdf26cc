using System.Globalization;
using System.Text;

namespace OdooSidecar.Tests.XmlRpc;

/// <summary>
/// Seeded generator of valid XML-RPC calls spelled in the many ways XML allows: random whitespace, comments,
/// processing instructions, CDATA, entity and character references, raw line ends, prefixes, attributes,
/// and UTF-8 or ISO-8859-1 bodies that declare their encoding. With <paramref name="plainXml"/> it keeps to what
/// clients send in practice (UTF-8, no comments, processing instructions, CDATA, attributes or byte order mark),
/// which the reader's fast path reads itself.
/// </summary>
internal sealed class XmlRpcBodyGenerator(int seed, bool plainXml = false)
{
    private const int MaxNesting = 4;

    private static readonly string[] StringSamples =
    [
        "a", "hello world", "res.partner", "&", "<", ">", "]]>", "\"quoted\"", "'single'", "\t", "\n", "\r", "\r\n",
        " leading", "trailing ", "é", "ÿ", "\u00a0", "€", "中文", "\u2028", "\u0085", "😀", "\ufffd", "x&y<z>w", "0",
        "1", "True", "None", "  ", "",
    ];

    private static readonly string[] InfinitySpellings = ["inf", "Inf", "INF", "infinity", "Infinity", "iNfInItY"];

    private static readonly string[] NanSpellings = ["nan", "NaN", "NAN", "nAn"];

    private static readonly double[] NotableDoubles =
    [
        0.1, 3.0000000000000004, 1e3, -0.0, 0.0, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 1e21,
        1e-7, 123456789.123, 0.30000000000000004, 9007199254740993, -1.5,
    ];

    private readonly Random _random = new(seed);
    private bool _latin1;

    /// <summary>The next body: a valid call, or (one time in twelve) a valid call cut short before its end.</summary>
    public byte[] NextBody()
    {
        _latin1 = _random.Next(3) == 0 && !plainXml;
        var xml = new StringBuilder();
        xml.Append(Declaration()).Append(Gap()).Append(Open("methodCall")).Append(Gap());
        xml.Append(Open("methodName")).Append(Text(MethodName())).Append("</methodName>").Append(Gap());
        var count = _random.Next(5);
        if (count == 0 && _random.Next(3) == 0)
        {
            xml.Append(_random.Next(2) == 0 ? string.Empty : "<params/>");
        }
        else
        {
            xml.Append(Open("params")).Append(Gap());
            for (var i = 0; i < count; i++)
            {
                xml.Append(Open("param")).Append(Gap()).Append(Value(0)).Append(Gap()).Append("</param>").Append(Gap());
            }

            xml.Append("</params>").Append(Gap());
        }

        xml.Append("</methodCall>").Append(Gap());
        var bytes = Encode(xml.ToString());
        return _random.Next(12) == 0 ? bytes[.._random.Next(bytes.Length - 15)] : bytes;
    }

    private string Declaration()
    {
        if (_latin1)
        {
            return Pick("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>", "<?xml version='1.0' encoding='ISO-8859-1'?>");
        }

        return Pick(string.Empty, "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>");
    }

    private byte[] Encode(string xml)
    {
        if (_latin1)
        {
            return Encoding.Latin1.GetBytes(xml);
        }

        var bytes = Encoding.UTF8.GetBytes(xml);
        return _random.Next(6) == 0 && !plainXml ? [.. Encoding.UTF8.Preamble, .. bytes] : bytes;
    }

    private string MethodName() => _random.Next(4) switch
    {
        0 => "execute_kw",
        1 => Pick("version", "login", "authenticate", "search_read", "a.b.c"),
        _ => RandomString(),
    };

    private string Value(int nesting)
    {
        var kind = _random.Next(nesting >= MaxNesting ? 9 : 11);
        var typed = kind switch
        {
            0 => IntegerValue(),
            1 => Typed("boolean", Digits(_random.Next(2) == 0 ? "0" : "1")),
            2 => StringValue(),
            3 => DoubleValue(),
            4 => Typed("dateTime.iso8601", DateTimeText()),
            5 => Typed("base64", Base64Text()),
            6 => NilValue(),
            7 => null,
            8 => IntegerValue(),
            9 => ArrayValue(nesting),
            _ => StructValue(nesting),
        };
        if (typed is null)
        {
            var text = RandomString();
            return text.Length == 0 && _random.Next(2) == 0 ? "<value/>" : Open("value") + Text(text) + "</value>";
        }

        return Open("value") + Gap() + typed + Gap() + "</value>";
    }

    private string IntegerValue()
    {
        var value = _random.Next(5) switch
        {
            0 => _random.NextInt64(-100, 100),
            1 => _random.NextInt64(int.MinValue, int.MaxValue),
            2 => _random.NextInt64(),
            3 => -_random.NextInt64(),
            _ => Pick(long.MaxValue, long.MinValue, int.MaxValue + 1L, int.MinValue - 1L, 0L),
        };
        var digits = Math.Abs((decimal)value).ToString(CultureInfo.InvariantCulture);
        var sign = value < 0 ? "-" : _random.Next(6) == 0 ? "+" : string.Empty;
        var text = sign + LeadingZeros() + Underscored(digits);
        return Typed(Pick("int", "i4", "i8", "ex:i8", "i1", "i2", "biginteger"), Digits(Padded(text)));
    }

    private string DoubleValue()
    {
        string text;
        switch (_random.Next(6))
        {
            case 0:
                text = Pick("+", "-", string.Empty) + Pick(InfinitySpellings);
                break;
            case 1:
                text = Pick("+", "-", string.Empty) + Pick(NanSpellings);
                break;
            case 2:
                text = RandomDecimal();
                break;
            case 3:
                text = Shortest(Pick(NotableDoubles));
                break;
            default:
                var bits = BitConverter.Int64BitsToDouble(_random.NextInt64(long.MinValue, long.MaxValue));
                text = Shortest(double.IsFinite(bits) ? bits : _random.NextDouble());
                break;
        }

        return Typed(Pick("double", "double", "float"), Digits(Padded(text)));
    }

    private string Shortest(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return _random.Next(2) == 0 ? text.ToLowerInvariant() : text;
    }

    /// <summary>A decimal literal with up to 25 digits and a wide exponent: exercises correct rounding.</summary>
    private string RandomDecimal()
    {
        var whole = RandomDigits(_random.Next(0, 13));
        var fraction = RandomDigits(_random.Next(whole.Length == 0 ? 1 : 0, 13));
        var point = fraction.Length > 0 || _random.Next(2) == 0 ? "." : string.Empty;
        var text = Pick("-", string.Empty) + Underscored(whole) + point + Underscored(fraction);
        return _random.Next(2) == 0 ? text : text + Pick("e", "E") + Pick("+", "-", string.Empty) + _random.Next(0, 340);
    }

    private string RandomDigits(int count)
    {
        var digits = new char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + _random.Next(10));
        }

        return new string(digits);
    }

    private string StringValue()
    {
        var text = RandomString();
        return text.Length == 0 && _random.Next(2) == 0 ? Pick("<string/>", "<string></string>") : Open("string") + Text(text) + "</string>";
    }

    private string DateTimeText()
    {
        var text = _random.Next(4) == 0
            ? RandomString()
            : new DateTime(2000, 1, 1).AddSeconds(_random.Next(0, 900_000_000)).ToString(
                Pick("yyyyMMdd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyyMMdd'T'HHmmss"), CultureInfo.InvariantCulture);
        return Text(Pick(string.Empty, " ", "\n ", "\u00a0", "\u3000") + text + Pick(string.Empty, " ", "\t\n", "\u2028"));
    }

    private string Base64Text()
    {
        var data = new byte[_random.Next(0, 40)];
        _random.NextBytes(data);
        var text = new StringBuilder();
        foreach (var c in Convert.ToBase64String(data))
        {
            if (_random.Next(10) == 0)
            {
                text.Append(Pick(" ", "\n", "\r\n", "\t", "&#10;"));
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private string NilValue() => plainXml
        ? Pick("<nil/>", "<ex:nil/>", "<nil></nil>", "<nil> </nil>")
        : Pick("<nil/>", "<ex:nil/>", "<nil></nil>", "<nil> </nil>", "<nil><!-- none --></nil>", "<a:b:nil/>");

    private string ArrayValue(int nesting)
    {
        var data = new StringBuilder();
        var count = _random.Next(5);
        if (count == 0 && _random.Next(2) == 0)
        {
            data.Append("<data/>");
        }
        else
        {
            data.Append(Open("data")).Append(Gap());
            for (var i = 0; i < count; i++)
            {
                data.Append(Value(nesting + 1)).Append(Gap());
            }

            data.Append("</data>");
        }

        return Open("array") + Gap() + data + Gap() + "</array>";
    }

    private string StructValue(int nesting)
    {
        var count = _random.Next(5);
        if (count == 0 && _random.Next(2) == 0)
        {
            return "<struct/>";
        }

        var names = new List<string>();
        var members = new StringBuilder(Open("struct")).Append(Gap());
        for (var i = 0; i < count; i++)
        {
            var name = names.Count > 0 && _random.Next(4) == 0 ? Pick([.. names]) : RandomString();
            names.Add(name);
            members.Append(Open("member")).Append(Gap())
                .Append(Open("name")).Append(Text(name)).Append("</name>").Append(Gap())
                .Append(Value(nesting + 1)).Append(Gap()).Append("</member>").Append(Gap());
        }

        return members.Append("</struct>").ToString();
    }

    private string RandomString()
    {
        var text = new StringBuilder();
        var parts = _random.Next(4);
        for (var i = 0; i < parts; i++)
        {
            text.Append(Pick(StringSamples));
        }

        return text.ToString();
    }

    private string Typed(string tag, string content) => Open(tag) + content + "</" + tag + ">";

    /// <summary>A start tag, sometimes with an attribute Python and the sidecar both ignore.</summary>
    private string Open(string tag) => _random.Next(15) == 0 && !plainXml ? $"<{tag} note=\"a &amp; b\">" : $"<{tag}>";

    /// <summary>What may sit between elements without changing the call.</summary>
    private string Gap() => _random.Next(8) switch
    {
        0 => " ",
        1 => "\n  ",
        2 => "\r\n\t",
        3 when !plainXml => "<!-- gap -->",
        4 when !plainXml => "<?pi gap?>",
        _ => string.Empty,
    };

    /// <summary>Number text spelled with the odd character reference, CDATA section or comment.</summary>
    private string Digits(string text) => _random.Next(6) switch
    {
        0 when text.Length > 1 => Text(text),
        1 when text.Length > 1 && !plainXml => text[..1] + "<!-- split -->" + text[1..],
        2 when !plainXml => "<![CDATA[" + text + "]]>",
        _ => text,
    };

    private string Padded(string text) => Pick(string.Empty, " ", "\n", "\t ") + text + Pick(string.Empty, " ", "\r\n", " \t");

    private string LeadingZeros() => _random.Next(8) == 0 ? "00" : string.Empty;

    /// <summary>Python reads <c>1_000</c>: one underscore between two digits.</summary>
    private string Underscored(string digits)
    {
        if (digits.Length < 2 || _random.Next(6) != 0)
        {
            return digits;
        }

        var at = _random.Next(1, digits.Length);
        return digits[..at] + "_" + digits[at..];
    }

    /// <summary>Character data for <paramref name="text"/>, one random XML spelling per character or CDATA run.</summary>
    private string Text(string text)
    {
        var xml = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var run = Math.Min(text.Length - i, _random.Next(1, 6));
            if (_random.Next(8) == 0 && !plainXml && CanBeCdata(text.AsSpan(i, run)))
            {
                xml.Append("<![CDATA[").Append(text, i, run).Append("]]>");
                i += run;
                continue;
            }

            if (_random.Next(25) == 0 && !plainXml)
            {
                xml.Append(Pick("<!--c-->", "<?pi x?>"));
            }

            var codePoint = char.ConvertToUtf32(text, i);
            var length = char.IsHighSurrogate(text[i]) ? 2 : 1;
            xml.Append(Character(codePoint, text.Substring(i, length)));
            i += length;
        }

        return xml.ToString();
    }

    private string Character(int codePoint, string raw)
    {
        var reference = _random.Next(2) == 0 ? $"&#{codePoint};" : $"&#x{codePoint:X};";
        return raw switch
        {
            "&" => Pick("&amp;", reference),
            "<" => Pick("&lt;", reference),
            ">" => Pick("&gt;", reference),
            "\r" => reference,
            "\n" => Pick("\n", "\r\n", "\r", reference),
            _ when !_latin1 || codePoint <= 0xFF => _random.Next(6) == 0 ? reference : raw,
            _ => reference,
        };
    }

    /// <summary>CDATA keeps characters raw, so it cannot hold a CR (XML turns it into LF) or its own end marker.</summary>
    private bool CanBeCdata(ReadOnlySpan<char> run)
    {
        foreach (var c in run)
        {
            if (c is '\r' or '>' || char.IsSurrogate(c) || (_latin1 && c > 0xFF))
            {
                return false;
            }
        }

        return true;
    }

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];
}
