using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Xml;

namespace OdooSidecar.XmlRpc;

/// <summary>
/// Reads an XML-RPC <c>methodCall</c> into values, accepting what Python's <c>xmlrpc.client.loads</c> (and so Odoo)
/// accepts for well-formed calls, and refusing with a clear message what it cannot read unambiguously:
/// DTDs and entities, mixed content, extra values, unknown types and anything beyond the limits.
/// </summary>
public static class XmlRpcCallReader
{
    /// <summary>Reads a call from the raw body bytes.</summary>
    /// <exception cref="XmlRpcFormatException">The body is not an acceptable XML-RPC call.</exception>
    public static XmlRpcCall Read(ReadOnlyMemory<byte> body, XmlRpcReaderLimits? limits = null)
    {
        limits ??= XmlRpcReaderLimits.Default;
        return TryReadPlainUtf8(body, limits, out var call) ? call : ReadAnyXml(body, limits);
    }

    /// <summary>
    /// Reads the call with <see cref="Utf8TokenSource"/>, which covers what clients send in practice at a fraction of
    /// the cost of <see cref="XmlTextReader"/>; false when the body uses XML that only the full reader reads.
    /// </summary>
    internal static bool TryReadPlainUtf8(ReadOnlyMemory<byte> body, XmlRpcReaderLimits limits, [NotNullWhen(true)] out XmlRpcCall? call)
    {
        try
        {
            call = new Cursor(new Utf8TokenSource(body), limits).ReadCall();
            return true;
        }
        catch (Utf8TokenSource.UnsupportedException)
        {
            call = null;
            return false;
        }
    }

    /// <summary>Reads the call with <see cref="XmlTextReader"/>: any encoding and XML construct expat reads.</summary>
    internal static XmlRpcCall ReadAnyXml(ReadOnlyMemory<byte> body, XmlRpcReaderLimits limits)
    {
        using var tokens = new TextReaderTokenSource(body);
        var reader = new Cursor(tokens, limits);
        try
        {
            var call = reader.ReadCall();
            EnsureDecodedAsExpatDoes(reader.Encoding, body.Span);
            return call;
        }
        catch (XmlException e)
        {
            throw new XmlRpcFormatException($"Malformed XML: {e.Message}", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new XmlRpcFormatException($"Malformed XML: invalid bytes for the declared encoding ({e.Message})", e);
        }
    }

    /// <summary>
    /// Expat reads UTF-8, UTF-16, ISO-8859-1 and US-ASCII, and refuses a byte its encoding cannot hold; .NET knows
    /// UTF-32 too and turns a non-ASCII byte of a US-ASCII body into '?'. Either would forward a call Odoo refuses.
    /// </summary>
    private static void EnsureDecodedAsExpatDoes(Encoding? encoding, ReadOnlySpan<byte> body)
    {
        switch (encoding)
        {
            case null or UTF8Encoding or UnicodeEncoding or { CodePage: Latin1CodePage }:
                return;
            case ASCIIEncoding when body.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0:
                throw new XmlRpcFormatException("Malformed XML: the body declares us-ascii but holds non-ASCII bytes.");
            case ASCIIEncoding:
                return;
            default:
                throw new XmlRpcFormatException($"Unsupported encoding {encoding.WebName}: use UTF-8.");
        }
    }

    private const int Latin1CodePage = 28591;

    private sealed class Cursor(XmlTokenSource xml, XmlRpcReaderLimits limits)
    {
        private int _elements;

        /// <summary>The encoding the body was decoded with, known once the root element is reached.</summary>
        public Encoding? Encoding { get; private set; }

        public XmlRpcCall ReadCall()
        {
            if (!MoveToNextElement())
            {
                throw new XmlRpcFormatException("Empty body: expected an XML-RPC <methodCall>.");
            }

            Encoding = xml.Encoding;

            ExpectName("methodCall");
            if (xml.IsEmptyElement)
            {
                throw new XmlRpcFormatException("<methodCall> has no <methodName>.");
            }

            string? methodName = null;
            List<XmlRpcValue>? parameters = null;
            while (ReadChild("methodCall"))
            {
                switch (LocalName())
                {
                    case "methodName" when methodName is null && parameters is null:
                        methodName = ReadText();
                        break;
                    case "params" when methodName is not null && parameters is null:
                        parameters = ReadParams();
                        break;
                    default:
                        throw Unexpected("<methodCall> takes one <methodName> followed by at most one <params>");
                }
            }

            if (methodName is null)
            {
                throw new XmlRpcFormatException("<methodCall> has no <methodName>.");
            }

            while (xml.Read())
            {
                if (xml.NodeType is XmlNodeType.Element or XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    throw new XmlRpcFormatException("Unexpected content after </methodCall>.");
                }
            }

            return new XmlRpcCall(methodName, parameters ?? []);
        }

        private List<XmlRpcValue> ReadParams()
        {
            var parameters = new List<XmlRpcValue>();
            if (xml.IsEmptyElement)
            {
                return parameters;
            }

            while (ReadChild("params"))
            {
                if (LocalName() != "param" || xml.IsEmptyElement)
                {
                    throw Unexpected("<params> holds only <param> elements, each with one <value>");
                }

                XmlRpcValue? value = null;
                while (ReadChild("param"))
                {
                    if (LocalName() != "value" || value is not null)
                    {
                        throw Unexpected("<param> holds exactly one <value>");
                    }

                    value = ReadValue();
                }

                parameters.Add(value ?? throw new XmlRpcFormatException("<param> holds no <value>."));
            }

            return parameters;
        }

        /// <summary>Reads the <c>&lt;value&gt;</c> the cursor is on, through its end tag.</summary>
        private XmlRpcValue ReadValue()
        {
            if (xml.IsEmptyElement)
            {
                return new XmlRpcString(string.Empty);
            }

            var depth = xml.Depth;
            string? text = null;
            XmlRpcValue? typed = null;
            while (xml.Read())
            {
                switch (xml.NodeType)
                {
                    case XmlNodeType.Element:
                        CountElement();
                        if (typed is not null)
                        {
                            throw new XmlRpcFormatException("A <value> holds more than one typed element.");
                        }

                        typed = ReadTyped();
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        text = text is null ? xml.Value : text + xml.Value;
                        break;
                    case XmlNodeType.EndElement when xml.Depth == depth:
                        if (typed is null)
                        {
                            return new XmlRpcString(text ?? string.Empty);
                        }

                        if (text is not null && !IsXmlWhitespace(text))
                        {
                            throw new XmlRpcFormatException("A <value> mixes text with a typed element.");
                        }

                        return typed;
                }
            }

            throw new XmlRpcFormatException("Unexpected end of body inside <value>.");
        }

        private XmlRpcValue ReadTyped()
        {
            var name = LocalName();
            switch (name)
            {
                case "int" or "i4" or "i8" or "i1" or "i2" or "biginteger":
                    return new XmlRpcInteger(ParseInteger(ReadText(), name));
                case "boolean":
                    return ReadText() switch
                    {
                        "0" => XmlRpcBoolean.False,
                        "1" => XmlRpcBoolean.True,
                        var other => throw new XmlRpcFormatException($"Bad <boolean> value '{Shorten(other)}': expected 0 or 1."),
                    };
                case "string":
                    return new XmlRpcString(ReadText());
                case "double" or "float":
                    return new XmlRpcDouble(ParseDouble(ReadText(), name));
                case "dateTime.iso8601":
                    // Python keeps DateTime.value as str(text).strip(); .NET's Trim drops the same characters from XML text.
                    return new XmlRpcDateTime(ReadText().Trim());
                case "base64":
                    return new XmlRpcBase64(ParseBase64(ReadText()));
                case "nil":
                    if (!IsXmlWhitespace(ReadText()))
                    {
                        throw new XmlRpcFormatException("<nil/> must be empty.");
                    }

                    return XmlRpcValue.Nil;
                case "array":
                    return ReadArray();
                case "struct":
                    return ReadStruct();
                default:
                    throw new XmlRpcFormatException($"Unknown XML-RPC type <{Shorten(xml.Name)}>.");
            }
        }

        private XmlRpcArray ReadArray()
        {
            var items = new List<XmlRpcValue>();
            if (xml.IsEmptyElement)
            {
                throw new XmlRpcFormatException("<array> must hold a <data> element.");
            }

            var sawData = false;
            while (ReadChild("array"))
            {
                if (LocalName() != "data" || sawData)
                {
                    throw Unexpected("<array> holds exactly one <data>");
                }

                sawData = true;
                if (xml.IsEmptyElement)
                {
                    continue;
                }

                while (ReadChild("data"))
                {
                    if (LocalName() != "value")
                    {
                        throw Unexpected("<data> holds only <value> elements");
                    }

                    items.Add(ReadValue());
                }
            }

            return sawData ? new XmlRpcArray(items) : throw new XmlRpcFormatException("<array> must hold a <data> element.");
        }

        private XmlRpcStruct ReadStruct()
        {
            var members = new List<KeyValuePair<string, XmlRpcValue>>();
            if (xml.IsEmptyElement)
            {
                return new XmlRpcStruct(members);
            }

            Dictionary<string, int>? positions = null;
            while (ReadChild("struct"))
            {
                if (LocalName() != "member" || xml.IsEmptyElement)
                {
                    throw Unexpected("<struct> holds only <member> elements, each a <name> then a <value>");
                }

                string? name = null;
                XmlRpcValue? value = null;
                while (ReadChild("member"))
                {
                    switch (LocalName())
                    {
                        case "name" when name is null:
                            name = ReadText();
                            break;
                        case "value" when name is not null && value is null:
                            value = ReadValue();
                            break;
                        default:
                            throw Unexpected("<member> holds a <name> then a <value>");
                    }
                }

                if (name is null || value is null)
                {
                    throw new XmlRpcFormatException("<member> needs a <name> and a <value>.");
                }

                // Python builds a dict: a repeated name keeps its first position and takes the last value.
                positions ??= new Dictionary<string, int>(StringComparer.Ordinal);
                if (positions.TryGetValue(name, out var position))
                {
                    members[position] = new(name, value);
                }
                else
                {
                    positions[name] = members.Count;
                    members.Add(new(name, value));
                }
            }

            return new XmlRpcStruct(members);
        }

        /// <summary>
        /// Advances to the next child element of the element named <paramref name="parent"/>; false at its end tag.
        /// Whitespace and comments between elements are skipped; text is refused.
        /// </summary>
        private bool ReadChild(string parent)
        {
            while (xml.Read())
            {
                switch (xml.NodeType)
                {
                    case XmlNodeType.Element:
                        CountElement();
                        return true;
                    case XmlNodeType.EndElement:
                        return false;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        if (!IsXmlWhitespace(xml.Value))
                        {
                            throw new XmlRpcFormatException($"Unexpected text '{Shorten(xml.Value)}' inside <{parent}>.");
                        }

                        break;
                }
            }

            throw new XmlRpcFormatException($"Unexpected end of body inside <{parent}>.");
        }

        /// <summary>Reads the text of a leaf element through its end tag; child elements are refused.</summary>
        private string ReadText()
        {
            if (xml.IsEmptyElement)
            {
                return string.Empty;
            }

            var name = xml.Name;
            string? text = null;
            while (xml.Read())
            {
                switch (xml.NodeType)
                {
                    case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        text = text is null ? xml.Value : text + xml.Value;
                        break;
                    case XmlNodeType.Element:
                        throw new XmlRpcFormatException($"<{Shorten(name)}> cannot hold elements.");
                    case XmlNodeType.EndElement:
                        return text ?? string.Empty;
                }
            }

            throw new XmlRpcFormatException($"Unexpected end of body inside <{Shorten(name)}>.");
        }

        private bool MoveToNextElement()
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    CountElement();
                    return true;
                }

                if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    throw new XmlRpcFormatException("Text outside the root element.");
                }
            }

            return false;
        }

        private void CountElement()
        {
            if (++_elements > limits.MaxElements)
            {
                throw new XmlRpcFormatException($"The call has more than {limits.MaxElements} XML elements.");
            }

            if (xml.Depth >= limits.MaxDepth)
            {
                throw new XmlRpcFormatException($"The call nests deeper than {limits.MaxDepth} XML elements.");
            }
        }

        private void ExpectName(string expected)
        {
            if (LocalName() != expected)
            {
                throw new XmlRpcFormatException($"Expected <{expected}> but found <{Shorten(xml.Name)}>.");
            }
        }

        /// <summary>The element name without any prefix: Python reads <c>&lt;ex:nil/&gt;</c> as <c>nil</c>.</summary>
        private string LocalName()
        {
            var name = xml.Name;
            var colon = name.LastIndexOf(':');
            return colon < 0 ? name : name[(colon + 1)..];
        }

        private XmlRpcFormatException Unexpected(string rule) =>
            new($"Unexpected <{Shorten(xml.Name)}>: {rule}.");
    }

    /// <summary>Parses an integer as Python's <c>int()</c> does for ASCII text, refusing values beyond 64 bits.</summary>
    internal static long ParseInteger(string text, string element)
    {
        var span = TrimXmlWhitespace(text);
        var digits = span.Length > 0 && span[0] is '+' or '-' ? span[1..] : span;
        if (!IsDigitGroup(digits))
        {
            throw new XmlRpcFormatException($"Bad <{element}> value '{Shorten(text)}'.");
        }

        var clean = span.Contains('_') ? span.ToString().Replace("_", string.Empty, StringComparison.Ordinal) : span.ToString();
        if (!long.TryParse(clean, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new XmlRpcFormatException($"<{element}> value '{Shorten(text)}' is outside the 64-bit range this proxy accepts.");
        }

        return value;
    }

    /// <summary>Parses a double as Python's <c>float()</c> does for ASCII text.</summary>
    internal static double ParseDouble(string text, string element)
    {
        var span = TrimXmlWhitespace(text);
        var unsigned = span.Length > 0 && span[0] is '+' or '-' ? span[1..] : span;
        var negative = span.Length > 0 && span[0] == '-';
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        if (!IsDecimalFloat(unsigned))
        {
            throw new XmlRpcFormatException($"Bad <{element}> value '{Shorten(text)}'.");
        }

        var clean = span.Contains('_') ? span.ToString().Replace("_", string.Empty, StringComparison.Ordinal) : span.ToString();
        return double.Parse(clean, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }

    private static byte[] ParseBase64(string text)
    {
        Span<char> buffer = text.Length <= 1024 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (!IsXmlWhitespace(c))
            {
                buffer[length++] = c;
            }
        }

        var bytes = new byte[length / 4 * 3 + 3];
        if (!Convert.TryFromBase64Chars(buffer[..length], bytes, out var written))
        {
            throw new XmlRpcFormatException("Bad <base64> value: not valid base64 text.");
        }

        return bytes[..written];
    }

    /// <summary>Digits with single underscores between them, as Python allows (<c>1_000</c>).</summary>
    private static bool IsDigitGroup(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[^1]))
        {
            return false;
        }

        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '_' ? text[i - 1] == '_' : !char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDecimalFloat(ReadOnlySpan<char> text)
    {
        var exponent = text.IndexOfAny('e', 'E');
        var mantissa = exponent < 0 ? text : text[..exponent];
        if (exponent >= 0)
        {
            var power = text[(exponent + 1)..];
            if (power.Length > 0 && power[0] is '+' or '-')
            {
                power = power[1..];
            }

            if (!IsDigitGroup(power))
            {
                return false;
            }
        }

        var dot = mantissa.IndexOf('.');
        if (dot < 0)
        {
            return IsDigitGroup(mantissa);
        }

        var whole = mantissa[..dot];
        var fraction = mantissa[(dot + 1)..];
        return (whole.IsEmpty || IsDigitGroup(whole)) && (fraction.IsEmpty || IsDigitGroup(fraction)) && !(whole.IsEmpty && fraction.IsEmpty);
    }

    private static ReadOnlySpan<char> TrimXmlWhitespace(string text) => text.AsSpan().Trim(" \t\n\r\f\v");

    private static bool IsXmlWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsXmlWhitespace(string text)
    {
        foreach (var c in text)
        {
            if (!IsXmlWhitespace(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
