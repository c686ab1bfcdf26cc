using System.Text;
using OdooSidecar.XmlRpc;
using Xunit.Abstractions;

namespace OdooSidecar.Tests.XmlRpc;

/// <summary>
/// Our reader against Python's <c>xmlrpc.client.loads</c> (what Odoo runs): on every body both accept the same
/// call or both refuse. Where we are stricter on purpose, <see cref="Stricter_than_python"/> lists the case.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int Seed = 17_2024;
    private const int GeneratedBodies = 640;
    private const int GeneratedPlainBodies = 320;

    public static TheoryData<string, string, string> Stricter_than_python_rows
    {
        get
        {
            var rows = new TheoryData<string, string, string>();
            foreach (var (rule, body, message) in StricterRows)
            {
                rows.Add(rule, body, message);
            }

            return rows;
        }
    }

    [Fact]
    public void Every_generated_and_hand_written_body_is_read_as_python_reads_it_or_refused_by_both()
    {
        var corpus = Corpus();
        var python = PythonXmlRpc.Load([.. corpus.Select(entry => entry.Body)]);

        var disagreements = new List<string>();
        var bothAccepted = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            var ours = PythonXmlRpc.ReadWithSidecar(corpus[i].Body);
            if (!ours.AgreesWith(python[i]))
            {
                disagreements.Add($"{corpus[i].Label}: {Printable(corpus[i].Body)}\n  sidecar: {ours}\n  python:  {python[i]}");
            }
            else if (ours.Accepted)
            {
                bothAccepted++;
            }
        }

        output.WriteLine($"{corpus.Count} bodies, {corpus.Count - disagreements.Count} agreements ({bothAccepted} accepted by both).");
        Assert.True(corpus.Count >= 500, $"The corpus holds only {corpus.Count} bodies.");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {corpus.Count} bodies read differently:\n{string.Join("\n", disagreements)}");
        Assert.True(bothAccepted >= corpus.Count * 3 / 4, $"Only {bothAccepted} of {corpus.Count} bodies were accepted: the corpus tests little.");
    }

    /// <summary>Documented product decisions: Python accepts the body, we refuse it with a clear message.</summary>
    [Theory]
    [MemberData(nameof(Stricter_than_python_rows))]
    public void Stricter_than_python(string rule, string body, string message)
    {
        var python = PythonOnStricterRows.Value[body];

        var refusal = Assert.Throws<XmlRpcFormatException>(() => XmlRpcCallReader.Read(Encoding.UTF8.GetBytes(body)));

        Assert.True(python.Accepted, $"{rule}: Python no longer accepts this body ({python}); drop the row.");
        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>The generated (in every XML spelling, then in plain XML) and hand-written bodies, the same on every run.</summary>
    internal static List<(string Label, byte[] Body)> Corpus()
    {
        var generator = new XmlRpcBodyGenerator(Seed);
        var plain = new XmlRpcBodyGenerator(Seed, plainXml: true);
        return
        [
            .. Enumerable.Range(1, GeneratedBodies).Select(i => ($"generated #{i}", generator.NextBody())),
            .. Enumerable.Range(1, GeneratedPlainBodies).Select(i => ($"generated plain #{i}", plain.NextBody())),
            .. HandWritten(),
        ];
    }

    private static IEnumerable<(string Label, byte[] Body)> HandWritten()
    {
        foreach (var (label, body) in HandWrittenText)
        {
            yield return (label, Encoding.UTF8.GetBytes(body));
        }

        yield return ("iso-8859-1 bytes", [.. Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>" + Call(Param("<string>caf\u00e9 \u00ff</string>")))]);
        yield return ("latin1 alias", [.. Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"latin1\"?>" + Call(Param("caf\u00e9")))]);
        yield return ("utf-16 with byte order mark", [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?>" + Call(Param("\u20ac")))]);
        yield return ("utf-8 byte order mark", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Call(Param("<int>1</int>")))]);
        yield return ("utf-16 big-endian", [.. Encoding.BigEndianUnicode.Preamble, .. Encoding.BigEndianUnicode.GetBytes(Call(Param("\u20ac")))]);
        yield return ("utf-16 lone surrogate", [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(Call(Param("<string>a"))), 0x00, 0xD8, .. Encoding.Unicode.GetBytes("</string>" + CallEnd)]);
        yield return ("utf-32", [.. Encoding.UTF32.Preamble, .. Encoding.UTF32.GetBytes(Call(Param("x")))]);
        yield return ("us-ascii declared, ascii bytes", Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"us-ascii\"?>" + Call(Param("caf&#xe9;"))));
        yield return ("iso-8859-1 bytes without a declaration", Encoding.Latin1.GetBytes(Call(Param("caf\u00e9"))));
        yield return ("invalid utf-8 byte", [.. Encoding.UTF8.GetBytes(Call(Param("<string>a"))), 0xFF, .. Encoding.UTF8.GetBytes("</string>" + CallEnd)]);
        yield return ("utf-8 encoded surrogate", [.. Encoding.UTF8.GetBytes(Call(Param("<string>a"))), 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes("</string>" + CallEnd)]);
        yield return ("overlong utf-8", [.. Encoding.UTF8.GetBytes(Call(Param("<string>a"))), 0xC0, 0xAF, .. Encoding.UTF8.GetBytes("</string>" + CallEnd)]);
        yield return ("us-ascii declared, non-ascii byte", [.. Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"us-ascii\"?>" + Call(Param("caf\u00e9")))]);
        yield return ("utf-16 declared on utf-8 bytes", Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?>" + Call(Param("x"))));
        yield return ("empty body", []);
        yield return ("int with 5000 digits", Encoding.UTF8.GetBytes(Call(Param("<int>" + new string('9', 5000) + "</int>"))));
    }

    private const string CallEnd = "</params></methodCall>";

    private static string Call(params string[] parameters) =>
        "<methodCall><methodName>m</methodName><params>" + string.Concat(parameters) + CallEnd;

    private static string Param(string valueContent) => "<param><value>" + valueContent + "</value></param>";

    private static readonly (string Label, string Body)[] HandWrittenText =
    [
        // Strings in every spelling.
        ("empty value", Call("<param><value/></param>")),
        ("value with no content", Call(Param(string.Empty))),
        ("empty string element", Call(Param("<string/>"))),
        ("bare text keeps its spaces", Call(Param("  padded  "))),
        ("whitespace-only bare text", Call(Param(" \n\t "))),
        ("CDATA bare text", Call(Param("<![CDATA[<b>&amp;</b>]]>"))),
        ("comment and processing instruction inside text", Call(Param("a<!-- note -->b<?pi data?>c"))),
        ("raw CRLF becomes LF", Call(Param("<string>a\r\nb</string>"))),
        ("raw CR becomes LF", Call(Param("<string>a\rb</string>"))),
        ("CRLF in CDATA becomes LF", Call(Param("<![CDATA[a\r\nb]]>"))),
        ("character reference keeps CR", Call(Param("<string>a&#13;b&#xD;&#13;&#10;</string>"))),
        ("predefined entities", Call(Param("<string>&amp;&lt;&gt;&apos;&quot;</string>"))),
        ("character references", Call(Param("<string>&#65;&#x42;&#x1F600;&#xe9;</string>"))),
        ("raw astral character", Call(Param("<string>\U0001F600</string>"))),
        ("NEL and LINE SEPARATOR stay as they are", Call(Param("<string>a\u0085b\u2028c</string>"))),
        ("xml:space preserve on value", Call("<param><value xml:space=\"preserve\">  </value></param>")),
        ("whitespace and comments around a typed value", Call(Param("\n  <!-- c --> <int>7</int> <?pi?>\n"))),
        ("attributes are ignored", Call("<param a=\"1\"><value b='2'><string c=\"&amp;\">x</string></value></param>")),
        ("prefixed envelope", "<x:methodCall><x:methodName>m</x:methodName><x:params><x:param><x:value>v</x:value></x:param></x:params></x:methodCall>"),
        ("method name with entities and spaces", "<methodCall><methodName> a&amp;b&#13; </methodName></methodCall>"),
        ("empty method name", "<methodCall><methodName/></methodCall>"),
        ("no params element", "<methodCall><methodName>m</methodName></methodCall>"),
        ("empty params element", "<methodCall><methodName>m</methodName><params/></methodCall>"),
        ("comments, PIs and whitespace around the root", "<?xml version=\"1.0\"?>\n<!-- before --><?pi?>\n" + Call() + "\n<!-- after --><?pi?>\n"),

        // Integers.
        ("i8 of the 64-bit maximum", Call(Param("<i8>9223372036854775807</i8>"))),
        ("i8 of the 64-bit minimum", Call(Param("<i8>-9223372036854775808</i8>"))),
        ("int beyond 32 bits", Call(Param("<int>4294967296</int>"))),
        ("underscore between digits", Call(Param("<int>1_000</int>"))),
        ("spaces around an int", Call(Param("<int> 42 </int>"), Param("<i4>\n-7\t</i4>"))),
        ("sign and leading zeros", Call(Param("<int>+5</int>"), Param("<int>007</int>"), Param("<int>-0</int>"))),
        ("rare integer tags", Call(Param("<i1>1</i1>"), Param("<i2>2</i2>"), Param("<biginteger>3</biginteger>"))),
        ("prefixed i8", Call(Param("<ex:i8>5</ex:i8>"))),
        ("empty int", Call(Param("<int></int>"))),
        ("decimal point in int", Call(Param("<int>1.0</int>"))),
        ("hex int", Call(Param("<int>0x10</int>"))),
        ("double underscore", Call(Param("<int>1__0</int>"))),
        ("leading underscore", Call(Param("<int>_1</int>"))),
        ("trailing underscore", Call(Param("<int>1_</int>"))),
        ("space inside an int", Call(Param("<int>1 0</int>"))),

        // Doubles.
        ("spaces around a double", Call(Param("<double> 1.5 </double>"))),
        ("double spellings", Call(Param("<double>1_0.5</double>"), Param("<double>.5</double>"), Param("<double>5.</double>"), Param("<double>1E-3</double>"))),
        ("exact doubles", Call(Param("<double>0.1</double>"), Param("<double>3.0000000000000004</double>"), Param("<double>1e3</double>"), Param("<double>-0.0</double>"))),
        ("extreme doubles", Call(Param("<double>1.7976931348623157e308</double>"), Param("<double>5e-324</double>"), Param("<double>2.2250738585072011e-308</double>"))),
        ("overflow and underflow", Call(Param("<double>1e400</double>"), Param("<double>-1e400</double>"), Param("<double>1e-400</double>"))),
        ("huge exponents", Call(Param("<double>1e99999999999999999999</double>"), Param("<double>0e99999999999999999999</double>"), Param("<double>1e-99999999999999999999</double>"))),
        ("long mantissa", Call(Param("<double>0.1000000000000000055511151231257827021181583404541015625</double>"), Param("<double>" + new string('1', 400) + ".5e-300</double>"))),
        ("non-finite doubles", Call(Param("<double>inf</double>"), Param("<double>-Infinity</double>"), Param("<double>nan</double>"), Param("<double>-NaN</double>"))),
        ("float tag", Call(Param("<float>2.5</float>"))),
        ("empty double", Call(Param("<double/>"))),
        ("lone exponent", Call(Param("<double>1e</double>"))),
        ("lone point", Call(Param("<double>.</double>"))),
        ("hex double", Call(Param("<double>0x1p3</double>"))),
        ("underscore next to point", Call(Param("<double>1_.0</double>"))),
        ("word as double", Call(Param("<double>infinit</double>"))),
        ("nan with payload", Call(Param("<double>nan(1)</double>"))),

        // Booleans, dates, binary, nil.
        ("booleans", Call(Param("<boolean>0</boolean>"), Param("<boolean>1</boolean>"))),
        ("boolean as word", Call(Param("<boolean>true</boolean>"))),
        ("boolean with spaces", Call(Param("<boolean> 1</boolean>"))),
        ("boolean two", Call(Param("<boolean>2</boolean>"))),
        ("empty boolean", Call(Param("<boolean/>"))),
        ("dateTime keeps its text without surrounding whitespace", Call(Param("<dateTime.iso8601> 20240131T10:20:30\n</dateTime.iso8601>"))),
        ("dateTime of any text", Call(Param("<dateTime.iso8601>not a date</dateTime.iso8601>"), Param("<dateTime.iso8601/>"))),
        ("dateTime with non-breaking spaces", Call(Param("<dateTime.iso8601>\u00a02024\u3000</dateTime.iso8601>"))),
        ("base64 forms", Call(Param("<base64></base64>"), Param("<base64>QUJD</base64>"), Param("<base64>QUI=</base64>"), Param("<base64>QQ==</base64>"))),
        ("base64 over lines", Call(Param("<base64>\n  QUJD\r\n  REVG\n</base64>"))),
        ("base64 with unused bits set", Call(Param("<base64>QUJ=</base64>"), Param("<base64>QR==</base64>"))),
        ("base64 missing padding", Call(Param("<base64>QUI</base64>"))),
        ("base64 of one character", Call(Param("<base64>Q</base64>"))),
        ("base64 with non-ascii", Call(Param("<base64>QUJD\u00e9</base64>"))),
        ("nil spellings", Call(Param("<nil/>"), Param("<ex:nil/>"), Param("<nil></nil>"), Param("<nil> </nil>"))),

        // Arrays and structs.
        ("empty arrays", Call(Param("<array><data/></array>"), Param("<array><data></data></array>"))),
        ("nested arrays", Call(Param("<array><data><value><array><data><value>1</value><value><int>2</int></value></data></array></value></data></array>"))),
        ("empty structs", Call(Param("<struct/>"), Param("<struct></struct>"))),
        ("struct with a repeated name keeps the first position and the last value",
            Call(Param("<struct><member><name>a</name><value>1</value></member><member><name>b</name><value>2</value></member><member><name>a</name><value>3</value></member></struct>"))),
        ("struct names keep spaces and may be empty", Call(Param("<struct><member><name> k </name><value/></member><member><name/><value><nil/></value></member></struct>"))),
        ("member without a name", Call(Param("<struct><member><value>1</value></member></struct>"))),

        // Not well-formed XML.
        ("not XML", "hello"),
        ("whitespace only", "  \n"),
        ("truncated", Call(Param("<int>1</int>"))[..40]),
        ("mismatched tags", "<methodCall><methodName>m</methodNam></methodCall>"),
        ("two roots", Call() + Call()),
        ("text after the root", Call() + "junk"),
        ("text before the root", "junk" + Call()),
        ("undefined entity", Call(Param("&nbsp;"))),
        ("character reference to NUL", Call(Param("&#0;"))),
        ("character reference to a surrogate", Call(Param("&#xD800;"))),
        ("character reference to FFFE", Call(Param("&#xFFFE;"))),
        ("raw control character", Call(Param("a\u0001b"))),
        ("CDATA end marker in text", Call(Param("a]]>b"))),
        ("duplicate attribute", Call("<param><value a='1' a='2'>x</value></param>")),
        ("declaration after whitespace", " <?xml version=\"1.0\"?>" + Call()),
        ("unknown encoding", "<?xml version=\"1.0\" encoding=\"no-such-encoding\"?>" + Call()),

        // XML-RPC that Python refuses too.
        ("unknown type", Call(Param("<date>2024</date>"))),
        ("bigdecimal is not a type here either", Call(Param("<decimal>1.5</decimal>"))),
        ("a fault is not a call", "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>"),
        ("no method name and no params", "<methodCall/>"),
    ];

    private static readonly (string Rule, string Body, string Message)[] StricterRows =
    [
        ("DOCTYPE without entities", "<!DOCTYPE methodCall>" + Call(Param("x")), "DTD"),
        ("internal entity", "<!DOCTYPE m [<!ENTITY e \"expanded\">]>" + Call(Param("&e;")), "DTD"),
        ("external entity (XXE)", "<!DOCTYPE m [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + Call(Param("&e;")), "DTD"),
        ("root other than methodCall", "<foo><methodName>m</methodName><params>" + Param("x") + "</params></foo>", "Expected <methodCall> but found <foo>"),
        ("methodResponse", "<methodResponse><params>" + Param("x") + "</params></methodResponse>", "Expected <methodCall> but found <methodResponse>"),
        ("no methodName", "<methodCall><params>" + Param("x") + "</params></methodCall>", "<methodCall> takes one <methodName> followed by at most one <params>"),
        ("params before methodName", "<methodCall><params>" + Param("x") + "</params><methodName>m</methodName></methodCall>", "<methodCall> takes one <methodName>"),
        ("two methodNames", "<methodCall><methodName>a</methodName><methodName>b</methodName></methodCall>", "<methodCall> takes one <methodName>"),
        ("two params elements", Call(Param("x")) .Replace("</params></methodCall>", "</params><params>" + Param("y") + "</params></methodCall>", StringComparison.Ordinal), "at most one <params>"),
        ("unknown element in methodCall", "<methodCall><methodName>m</methodName><extra/></methodCall>", "Unexpected <extra>"),
        ("value without param", Call("<value>x</value>"), "<params> holds only <param> elements"),
        ("empty param", Call("<param></param>"), "<param> holds no <value>"),
        ("param with two values", Call("<param><value>x</value><value>y</value></param>"), "<param> holds exactly one <value>"),
        ("array without data", Call(Param("<array><value>1</value></array>")), "<array> holds exactly one <data>"),
        ("empty array element", Call(Param("<array/>")), "<array> must hold a <data> element"),
        ("array with two data", Call(Param("<array><data><value>1</value></data><data><value>2</value></data></array>")), "<array> holds exactly one <data>"),
        ("value before name in member", Call(Param("<struct><member><value>v</value><name>k</name></member></struct>")), "<member> holds a <name> then a <value>"),
        ("unknown element in data", Call(Param("<array><data><item/></data></array>")), "<data> holds only <value> elements"),
        ("two typed children", Call(Param("<int>1</int><int>2</int>")), "more than one typed element"),
        ("text before a typed child", Call(Param("abc<int>1</int>")), "mixes text with a typed element"),
        ("text after a typed child", Call(Param("<int>1</int>abc")), "mixes text with a typed element"),
        ("element inside a string", Call(Param("<string>a<b/>c</string>")), "<string> cannot hold elements"),
        ("element inside methodName", "<methodCall><methodName>a<b/>c</methodName></methodCall>", "<methodName> cannot hold elements"),
        ("structure element used as a type", Call(Param("<name>x</name>")), "Unknown XML-RPC type <name>"),
        ("nested value used as a type", Call(Param("<value>x</value>")), "Unknown XML-RPC type <value>"),
        ("nil with content", Call(Param("<nil>x</nil>")), "<nil/> must be empty"),
        ("int beyond 64 bits", Call(Param("<i8>9223372036854775808</i8>")), "outside the 64-bit range"),
        ("negative int beyond 64 bits", Call(Param("<int>-9223372036854775809</int>")), "outside the 64-bit range"),
        ("Arabic-Indic digits", Call(Param("<int>\u0661\u0662</int>")), "Bad <int> value"),
        ("fullwidth digits in a double", Call(Param("<double>\uff11.5</double>")), "Bad <double> value"),
        ("non-breaking space around an int", Call(Param("<int>\u00a01</int>")), "Bad <int> value"),
        ("NEL around a double", Call(Param("<double>1.5\u0085</double>")), "Bad <double> value"),
        ("bigdecimal", Call(Param("<bigdecimal>1.5</bigdecimal>")), "Unknown XML-RPC type <bigdecimal>"),
        ("base64 with junk characters", Call(Param("<base64>QU!JD</base64>")), "Bad <base64> value"),
        ("base64 with data after padding", Call(Param("<base64>QUI=QUJD</base64>")), "Bad <base64> value"),
        ("base64 of padding only", Call(Param("<base64>====</base64>")), "Bad <base64> value"),
        ("text inside params", Call("junk" + Param("x")), "Unexpected text 'junk' inside <params>"),
        ("text inside struct", Call(Param("<struct>junk</struct>")), "Unexpected text 'junk' inside <struct>"),
        ("text inside data", Call(Param("<array><data>junk</data></array>")), "Unexpected text 'junk' inside <data>"),
        ("text inside methodCall", "<methodCall>junk<methodName>m</methodName></methodCall>", "Unexpected text 'junk' inside <methodCall>"),
        ("encoding .NET does not ship", "<?xml version=\"1.0\" encoding=\"windows-1252\"?>" + Call(Param("x")), "windows-1252"),
        ("encoding name .NET does not know", "<?xml version=\"1.0\" encoding=\"utf8\"?>" + Call(Param("x")), "utf8"),
        ("XML 1.1 declaration", "<?xml version=\"1.1\"?>" + Call(Param("x")), "1.1"),
    ];

    /// <summary>Python's verdicts on every row of the table, from one run of the oracle.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, XmlRpcVerdict>> PythonOnStricterRows = new(() =>
    {
        var bodies = StricterRows.Select(row => row.Body).Distinct().ToList();
        var verdicts = PythonXmlRpc.Load([.. bodies.Select(Encoding.UTF8.GetBytes)]);
        return bodies.Zip(verdicts).ToDictionary(pair => pair.First, pair => pair.Second);
    });

    /// <summary>The body as text for a failure message: decoded as Latin-1 so every byte shows, control characters escaped.</summary>
    private static string Printable(byte[] body)
    {
        var text = new StringBuilder();
        foreach (var c in Encoding.Latin1.GetString(body))
        {
            text.Append(c is < ' ' or (>= '\u007f' and < '\u00a0') ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return text.ToString();
    }
}
