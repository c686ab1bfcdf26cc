using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using System.Xml;

namespace OdooSidecar.XmlRpc;

/// <summary>
/// Nodes read straight from the bytes of the plain XML that XML-RPC clients send: an optional declaration (version
/// 1.0, UTF-8), elements without attributes, UTF-8 text with the predefined entities and character references.
/// Anything else (comments, CDATA, processing instructions, DTDs, attributes, other encodings, a byte order mark,
/// and every malformed construct) throws <see cref="UnsupportedException"/>; the body is then read again by
/// <see cref="TextReaderTokenSource"/>, which knows all of XML and words its errors. So this source never has to
/// refuse anything itself, only to agree with that one on what it reads.
/// </summary>
internal sealed class Utf8TokenSource(ReadOnlyMemory<byte> body) : XmlTokenSource
{
    /// <summary>The element names of XML-RPC, handed out without allocating.</summary>
    private static readonly string[] KnownNames =
    [
        "value", "string", "int", "i4", "i8", "boolean", "double", "nil", "ex:nil", "array", "data", "struct", "member",
        "name", "base64", "dateTime.iso8601", "param", "params", "methodName", "methodCall",
    ];

    private static readonly byte[][] KnownNameBytes = [.. KnownNames.Select(Encoding.ASCII.GetBytes)];

    private static readonly SearchValues<byte> XmlWhitespace = SearchValues.Create(" \t\r\n"u8);

    /// <summary>Bytes after which text is no longer plain ASCII to copy: controls, CR, '&amp;', ']' and non-ASCII.</summary>
    private static readonly SearchValues<byte> NotPlainText = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b is not '\t' and not '\n').Select(b => (byte)b), (byte)'&', (byte)']', .. Enumerable.Range(0x80, 0x80).Select(b => (byte)b)]);

    private int _position;

    /// <summary>Start offset and length of each open element's name, in pairs.</summary>
    private int[] _open = new int[32];
    private int _openCount;
    private bool _rootClosed;

    private XmlNodeType _nodeType;
    private string _name = string.Empty;
    private bool _isEmpty;
    private int _depth;
    private int _textStart;
    private int _textLength;
    private string? _value;

    public override XmlNodeType NodeType => _nodeType;

    public override string Name => _name;

    public override string Value => _value ??= DecodeText(body.Span.Slice(_textStart, _textLength));

    public override bool IsEmptyElement => _isEmpty;

    public override int Depth => _depth;

    public override Encoding Encoding => Encoding.UTF8;

    public override bool Read()
    {
        var span = body.Span;
        if (_position == 0 && span.StartsWith("<?xml"u8))
        {
            SkipDeclaration(span);
        }

        if (_openCount == 0)
        {
            // Outside the root only whitespace may appear here; its nodes mean nothing to the call.
            var content = span[_position..].IndexOfAnyExcept(XmlWhitespace);
            _position = content < 0 ? span.Length : _position + content;
        }

        if (_position >= span.Length)
        {
            return _rootClosed ? false : throw new UnsupportedException("end of body inside or before the root");
        }

        if (span[_position] != '<')
        {
            return _openCount > 0 ? ReadText(span) : throw new UnsupportedException("text outside the root");
        }

        return span.Length - _position > 1 && span[_position + 1] == '/' ? ReadEndTag(span) : ReadStartTag(span);
    }

    private bool ReadStartTag(ReadOnlySpan<byte> span)
    {
        var nameStart = _position + 1;
        var nameLength = NameLength(span[nameStart..]);
        var at = SkipWhitespace(span, nameStart + nameLength);
        if (_rootClosed || nameLength == 0 || at >= span.Length)
        {
            throw new UnsupportedException("not a plain start tag");
        }

        if (span[at] == '>')
        {
            _isEmpty = false;
            at++;
        }
        else if (span[at..].StartsWith("/>"u8))
        {
            _isEmpty = true;
            at += 2;
        }
        else
        {
            throw new UnsupportedException("attributes");
        }

        _nodeType = XmlNodeType.Element;
        _name = NameOf(span.Slice(nameStart, nameLength));
        _depth = _openCount;
        if (!_isEmpty)
        {
            Open(nameStart, nameLength);
        }

        _rootClosed = _openCount == 0;
        _position = at;
        return true;
    }

    private bool ReadEndTag(ReadOnlySpan<byte> span)
    {
        var nameStart = _position + 2;
        var nameLength = NameLength(span[nameStart..]);
        var at = SkipWhitespace(span, nameStart + nameLength);
        if (nameLength == 0 || at >= span.Length || span[at] != '>' || _openCount == 0)
        {
            throw new UnsupportedException("not a plain end tag");
        }

        _openCount--;
        var name = span.Slice(nameStart, nameLength);
        if (!name.SequenceEqual(span.Slice(_open[2 * _openCount], _open[(2 * _openCount) + 1])))
        {
            throw new UnsupportedException("mismatched end tag");
        }

        _nodeType = XmlNodeType.EndElement;
        _name = NameOf(name);
        _isEmpty = false;
        _depth = _openCount;
        _rootClosed = _openCount == 0;
        _position = at + 1;
        return true;
    }

    private bool ReadText(ReadOnlySpan<byte> span)
    {
        var length = span[_position..].IndexOf((byte)'<');
        var text = length < 0 ? span[_position..] : span.Slice(_position, length);
        _textStart = _position;
        _textLength = text.Length;
        _position += text.Length;
        _isEmpty = false;
        _depth = _openCount;
        if (text.IndexOfAnyExcept(XmlWhitespace) < 0)
        {
            _nodeType = XmlNodeType.Whitespace;
            _value = null;
            return true;
        }

        _nodeType = XmlNodeType.Text;
        _value = text.IndexOfAny(NotPlainText) < 0 ? Encoding.ASCII.GetString(text) : DecodeText(text);
        return true;
    }

    /// <summary>
    /// Text as XML reads it: UTF-8 decoded, CR LF and lone CR turned into LF, entities and character references
    /// expanded. Whatever XML refuses in text (controls, "]]&gt;", invalid UTF-8, non-characters, unknown entities)
    /// is left to the full reader.
    /// </summary>
    private static string DecodeText(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r')
            {
                throw new UnsupportedException("a control character");
            }
        }

        if (text.IndexOf("]]>"u8) >= 0 || !Utf8.IsValid(text) || text.IndexOf("\uFFFE"u8) >= 0 || text.IndexOf("\uFFFF"u8) >= 0)
        {
            throw new UnsupportedException("text XML refuses");
        }

        var decoded = Encoding.UTF8.GetString(text);
        if (decoded.AsSpan().IndexOfAny('&', '\r') < 0)
        {
            return decoded;
        }

        var result = new StringBuilder(decoded.Length);
        for (var i = 0; i < decoded.Length; i++)
        {
            switch (decoded[i])
            {
                case '\r':
                    result.Append('\n');
                    if (i + 1 < decoded.Length && decoded[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '&':
                    var end = decoded.IndexOf(';', i + 1);
                    if (end < 0)
                    {
                        throw new UnsupportedException("an unterminated reference");
                    }

                    AppendReference(result, decoded.AsSpan(i + 1, end - i - 1));
                    i = end;
                    break;
                default:
                    result.Append(decoded[i]);
                    break;
            }
        }

        return result.ToString();
    }

    private static void AppendReference(StringBuilder result, ReadOnlySpan<char> reference)
    {
        var named = reference switch
        {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => '\0',
        };
        if (named != '\0')
        {
            result.Append(named);
            return;
        }

        var hex = reference.StartsWith("#x");
        var digits = hex ? reference[2..] : reference.StartsWith("#") ? reference[1..] : [];
        var style = hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None;
        if (digits.IsEmpty || digits.Length > 8
            || !int.TryParse(digits, style, CultureInfo.InvariantCulture, out var codePoint)
            || !IsXmlChar(codePoint))
        {
            throw new UnsupportedException("a reference the fast path does not expand");
        }

        result.Append(new Rune(codePoint).ToString());
    }

    /// <summary>XML 1.0's Char production.</summary>
    private static bool IsXmlChar(int codePoint) =>
        codePoint is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    /// <summary>Reads <c>&lt;?xml version="1.0" [encoding="utf-8"] [standalone="yes|no"]?&gt;</c>, nothing else.</summary>
    private void SkipDeclaration(ReadOnlySpan<byte> span)
    {
        var at = SkipWhitespace(span, 5);
        if (at == 5 || !TryPseudoAttribute(span, ref at, "version"u8, out var version) || !version.SequenceEqual("1.0"u8))
        {
            throw new UnsupportedException("an XML declaration other than version 1.0");
        }

        var spaced = SkipWhitespace(span, at);
        if (spaced > at && TryPseudoAttribute(span, ref spaced, "encoding"u8, out var encoding))
        {
            if (!Ascii.EqualsIgnoreCase(encoding, "utf-8"u8))
            {
                throw new UnsupportedException("an encoding other than UTF-8");
            }

            at = spaced;
            spaced = SkipWhitespace(span, at);
        }

        if (spaced > at && TryPseudoAttribute(span, ref spaced, "standalone"u8, out var standalone))
        {
            if (!standalone.SequenceEqual("yes"u8) && !standalone.SequenceEqual("no"u8))
            {
                throw new UnsupportedException("a bad standalone value");
            }

            spaced = SkipWhitespace(span, spaced);
        }

        if (!span[spaced..].StartsWith("?>"u8))
        {
            throw new UnsupportedException("an unfinished XML declaration");
        }

        _position = spaced + 2;
    }

    private static bool TryPseudoAttribute(ReadOnlySpan<byte> span, ref int at, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!span[at..].StartsWith(name))
        {
            return false;
        }

        var next = SkipWhitespace(span, at + name.Length);
        if (next >= span.Length || span[next] != '=')
        {
            return false;
        }

        next = SkipWhitespace(span, next + 1);
        if (next >= span.Length || span[next] is not ((byte)'"' or (byte)'\''))
        {
            return false;
        }

        var length = span[(next + 1)..].IndexOf(span[next]);
        if (length < 0)
        {
            return false;
        }

        value = span.Slice(next + 1, length);
        at = next + length + 2;
        return true;
    }

    /// <summary>Length of the ASCII name at the start of <paramref name="span"/>, at most one colon inside; 0 if none.</summary>
    private static int NameLength(ReadOnlySpan<byte> span)
    {
        if (span.IsEmpty || !(char.IsAsciiLetter((char)span[0]) || span[0] == '_'))
        {
            return 0;
        }

        var colon = -1;
        var i = 1;
        for (; i < span.Length; i++)
        {
            var c = (char)span[i];
            if (c == ':' && colon < 0 && i + 1 < span.Length && (char.IsAsciiLetter((char)span[i + 1]) || span[i + 1] == '_'))
            {
                colon = i;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                break;
            }
        }

        return i;
    }

    private static string NameOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < KnownNameBytes.Length; i++)
        {
            if (name.SequenceEqual(KnownNameBytes[i]))
            {
                return KnownNames[i];
            }
        }

        return Encoding.ASCII.GetString(name);
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> span, int at)
    {
        var skipped = at < span.Length ? span[at..].IndexOfAnyExcept(XmlWhitespace) : 0;
        return skipped < 0 ? span.Length : at + skipped;
    }

    private void Open(int nameStart, int nameLength)
    {
        if (2 * _openCount == _open.Length)
        {
            Array.Resize(ref _open, _open.Length * 2);
        }

        _open[2 * _openCount] = nameStart;
        _open[(2 * _openCount) + 1] = nameLength;
        _openCount++;
    }

    /// <summary>The body holds XML this source leaves to <see cref="TextReaderTokenSource"/>.</summary>
    internal sealed class UnsupportedException(string construct) : Exception($"The fast path does not read {construct}.");
}
