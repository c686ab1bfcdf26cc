using System.Text;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.Tests.XmlRpc;

public sealed class XmlRpcCallReaderTests
{
    [Fact]
    public void A_call_gives_its_method_name_and_params_in_order()
    {
        var call = Read("<?xml version=\"1.0\"?><methodCall><methodName>execute_kw</methodName><params>"
            + "<param><value><string>db</string></value></param><param><value><int>2</int></value></param></params></methodCall>");

        Assert.Equal(new XmlRpcCall("execute_kw", [new XmlRpcString("db"), new XmlRpcInteger(2)]), call);
    }

    [Fact]
    public void A_call_without_params_has_none() =>
        Assert.Empty(Read("<methodCall><methodName>version</methodName></methodCall>").Params);

    [Theory]
    [InlineData("<int>42</int>", 42L)]
    [InlineData("<i4>-7</i4>", -7L)]
    [InlineData("<i8>9223372036854775807</i8>", long.MaxValue)]
    [InlineData("<i8>-9223372036854775808</i8>", long.MinValue)]
    [InlineData("<int>4294967296</int>", 4294967296L)]
    [InlineData("<ex:i8>5</ex:i8>", 5L)]
    [InlineData("<i1>1</i1>", 1L)]
    [InlineData("<i2>2</i2>", 2L)]
    [InlineData("<biginteger>3</biginteger>", 3L)]
    [InlineData("<int>1_000</int>", 1000L)]
    [InlineData("<int> 42 </int>", 42L)]
    [InlineData("<int>\n\t-42\r\n</int>", -42L)]
    [InlineData("<int>+5</int>", 5L)]
    [InlineData("<int>007</int>", 7L)]
    [InlineData("<int>&#52;<!-- c -->2</int>", 42L)]
    [InlineData("<int><![CDATA[ 42 ]]></int>", 42L)]
    public void Integers_are_read_in_every_spelling_python_accepts(string typed, long expected) =>
        Assert.Equal(new XmlRpcInteger(expected), Single(typed));

    [Theory]
    [InlineData("<boolean>1</boolean>", true)]
    [InlineData("<boolean>0</boolean>", false)]
    public void Booleans_are_read_from_0_and_1(string typed, bool expected) =>
        Assert.Equal(new XmlRpcBoolean(expected), Single(typed));

    [Theory]
    [InlineData("<string>text</string>", "text")]
    [InlineData("bare text", "bare text")]
    [InlineData("  spaced  ", "  spaced  ")]
    [InlineData("", "")]
    [InlineData("<string/>", "")]
    [InlineData("<string></string>", "")]
    [InlineData(" \n\t ", " \n\t ")]
    [InlineData("<![CDATA[<b>&amp;</b>]]>", "<b>&amp;</b>")]
    [InlineData("a<!-- note -->b<?pi data?>c", "abc")]
    [InlineData("\n  <string>typed</string>\n  ", "typed")]
    [InlineData("&amp;&lt;&gt;&apos;&quot;&#65;&#x42;&#x1F600;", "&<>'\"AB\U0001F600")]
    [InlineData("a\u0085b\u2028c", "a\u0085b\u2028c")]
    public void Strings_are_read_from_string_elements_and_bare_text(string content, string expected) =>
        Assert.Equal(new XmlRpcString(expected), Single(content));

    [Fact]
    public void An_empty_value_element_is_an_empty_string() =>
        Assert.Equal(new XmlRpcString(string.Empty), Read(Call("<param><value/></param>")).Params[0]);

    [Theory]
    [InlineData("<string>a\r\nb</string>", "a\nb")]
    [InlineData("<string>a\rb</string>", "a\nb")]
    [InlineData("<![CDATA[a\r\nb]]>", "a\nb")]
    [InlineData("<string>a&#13;b</string>", "a\rb")]
    [InlineData("<string>a&#xD;&#10;b</string>", "a\r\nb")]
    public void Raw_line_ends_become_LF_and_only_a_character_reference_keeps_CR(string content, string expected) =>
        Assert.Equal(new XmlRpcString(expected), Single(content));

    [Theory]
    [InlineData("<double>0.1</double>", 0.1)]
    [InlineData("<double>3.0000000000000004</double>", 3.0000000000000004)]
    [InlineData("<double>1e3</double>", 1e3)]
    [InlineData("<double> 1.5 </double>", 1.5)]
    [InlineData("<double>\n-2.5\t</double>", -2.5)]
    [InlineData("<double>1_0.5</double>", 10.5)]
    [InlineData("<double>.5</double>", 0.5)]
    [InlineData("<double>5.</double>", 5.0)]
    [InlineData("<double>1E-3</double>", 1e-3)]
    [InlineData("<double>1.7976931348623157e308</double>", 1.7976931348623157e308)]
    [InlineData("<double>5e-324</double>", 5e-324)]
    [InlineData("<double>1e400</double>", double.PositiveInfinity)]
    [InlineData("<double>1e-400</double>", 0.0)]
    [InlineData("<double>inf</double>", double.PositiveInfinity)]
    [InlineData("<double>-Infinity</double>", double.NegativeInfinity)]
    [InlineData("<float>2.5</float>", 2.5)]
    public void Doubles_are_read_exactly(string typed, double expected) =>
        Assert.Equal(new XmlRpcDouble(expected), Single(typed));

    [Fact]
    public void Negative_zero_keeps_its_sign() =>
        Assert.True(double.IsNegative(Assert.IsType<XmlRpcDouble>(Single("<double>-0.0</double>")).Value));

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("-nan")]
    public void Nan_is_read_in_python_spellings(string text) =>
        Assert.True(double.IsNaN(Assert.IsType<XmlRpcDouble>(Single($"<double>{text}</double>")).Value));

    [Theory]
    [InlineData("<dateTime.iso8601>20240131T10:20:30</dateTime.iso8601>", "20240131T10:20:30")]
    [InlineData("<dateTime.iso8601> 20240131T10:20:30\n</dateTime.iso8601>", "20240131T10:20:30")]
    [InlineData("<dateTime.iso8601>\u00a02024\u3000</dateTime.iso8601>", "2024")]
    [InlineData("<dateTime.iso8601>not a date</dateTime.iso8601>", "not a date")]
    public void DateTimes_keep_their_text_without_surrounding_whitespace_as_python_does(string typed, string expected) =>
        Assert.Equal(new XmlRpcDateTime(expected), Single(typed));

    [Theory]
    [InlineData("<base64>QUJD</base64>", "ABC")]
    [InlineData("<base64>QUI=</base64>", "AB")]
    [InlineData("<base64>QQ==</base64>", "A")]
    [InlineData("<base64></base64>", "")]
    [InlineData("<base64>\n  QUJD\r\n  REVG\n</base64>", "ABCDEF")]
    public void Base64_is_decoded_ignoring_whitespace(string typed, string expected) =>
        Assert.Equal(new XmlRpcBase64(Encoding.ASCII.GetBytes(expected)), Single(typed));

    [Theory]
    [InlineData("<nil/>")]
    [InlineData("<ex:nil/>")]
    [InlineData("<nil></nil>")]
    [InlineData("<nil> </nil>")]
    public void Nil_is_read_with_or_without_a_prefix(string typed) => Assert.Same(XmlRpcValue.Nil, Single(typed));

    [Fact]
    public void Arrays_nest_and_may_be_empty()
    {
        var value = Single("<array><data><value><int>1</int></value><value><array><data/></array></value><value>x</value></data></array>");

        Assert.Equal(new XmlRpcArray([new XmlRpcInteger(1), new XmlRpcArray([]), new XmlRpcString("x")]), value);
    }

    [Fact]
    public void Struct_members_keep_their_order()
    {
        var value = Single("<struct><member><name>b</name><value><int>1</int></value></member>"
            + "<member><name> a </name><value/></member><member><name/><value><nil/></value></member></struct>");

        Assert.Equal(
            new XmlRpcStruct([new("b", new XmlRpcInteger(1)), new(" a ", new XmlRpcString(string.Empty)), new(string.Empty, XmlRpcValue.Nil)]),
            value);
    }

    [Fact]
    public void A_repeated_struct_name_keeps_its_first_position_and_its_last_value()
    {
        var value = Single("<struct><member><name>a</name><value>1</value></member><member><name>b</name><value>2</value></member>"
            + "<member><name>a</name><value>3</value></member></struct>");

        Assert.Equal(new XmlRpcStruct([new("a", new XmlRpcString("3")), new("b", new XmlRpcString("2"))]), value);
    }

    [Fact]
    public void Empty_structs_are_read() => Assert.Equal(new XmlRpcStruct([]), Single("<struct/>"));

    [Fact]
    public void Whitespace_comments_and_processing_instructions_between_elements_are_ignored()
    {
        var call = Read("\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- c --><?pi?>\n<methodCall>\n <methodName>m</methodName>\r\n"
            + " <params> <!-- c --> <param> <value> <int>1</int> <?pi?> </value> </param> </params>\n</methodCall>\n<!-- after -->\n");

        Assert.Equal(new XmlRpcCall("m", [new XmlRpcInteger(1)]), call);
    }

    [Fact]
    public void Iso_8859_1_bodies_are_decoded_by_their_declaration()
    {
        var body = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>" + Call(Param("caf\u00e9")));

        Assert.Equal(new XmlRpcString("caf\u00e9"), XmlRpcCallReader.Read(body).Params[0]);
    }

    [Theory]
    [InlineData("", "Root element is missing")]
    [InlineData("hello", "Malformed XML")]
    [InlineData("<methodCall><methodName>m</methodName>", "Malformed XML")]
    [InlineData("<methodCall><methodName>m</methodNam></methodCall>", "Malformed XML")]
    [InlineData("<methodCall/>", "<methodCall> has no <methodName>")]
    [InlineData("<methodCall></methodCall>", "<methodCall> has no <methodName>")]
    [InlineData("<methodResponse><params/></methodResponse>", "Expected <methodCall> but found <methodResponse>")]
    [InlineData("<methodCall><params/><methodName>m</methodName></methodCall>", "<methodCall> takes one <methodName> followed by at most one <params>")]
    [InlineData("<methodCall><methodName>a<b/></methodName></methodCall>", "<methodName> cannot hold elements")]
    [InlineData("<methodCall><methodName>m</methodName></methodCall>junk", "Malformed XML")]
    [InlineData("<methodCall><methodName>m</methodName></methodCall><methodCall/>", "Malformed XML")]
    [InlineData("<methodCall>junk<methodName>m</methodName></methodCall>", "Unexpected text 'junk' inside <methodCall>")]
    public void Malformed_envelopes_are_refused_with_a_clear_message(string body, string message) =>
        AssertRefused(body, message);

    [Theory]
    [InlineData("<value>x</value>", "<params> holds only <param> elements")]
    [InlineData("<param/>", "<params> holds only <param> elements")]
    [InlineData("<param></param>", "<param> holds no <value>")]
    [InlineData("<param><value>x</value><value>y</value></param>", "<param> holds exactly one <value>")]
    [InlineData("<param><value><int>1</int><int>2</int></value></param>", "A <value> holds more than one typed element")]
    [InlineData("<param><value>abc<int>1</int></value></param>", "A <value> mixes text with a typed element")]
    [InlineData("<param><value><int>1</int>abc</value></param>", "A <value> mixes text with a typed element")]
    [InlineData("<param><value><date>2024</date></value></param>", "Unknown XML-RPC type <date>")]
    [InlineData("<param><value><bigdecimal>1.5</bigdecimal></value></param>", "Unknown XML-RPC type <bigdecimal>")]
    [InlineData("<param><value><string>a<b/></string></value></param>", "<string> cannot hold elements")]
    [InlineData("<param><value><nil>x</nil></value></param>", "<nil/> must be empty")]
    [InlineData("<param><value><array/></value></param>", "<array> must hold a <data> element")]
    [InlineData("<param><value><array><value>1</value></array></value></param>", "<array> holds exactly one <data>")]
    [InlineData("<param><value><array><data>junk</data></array></value></param>", "Unexpected text 'junk' inside <data>")]
    [InlineData("<param><value><array><data><item/></data></array></value></param>", "<data> holds only <value> elements")]
    [InlineData("<param><value><struct><value>x</value></struct></value></param>", "<struct> holds only <member> elements")]
    [InlineData("<param><value><struct><member><value>v</value><name>k</name></member></struct></value></param>", "<member> holds a <name> then a <value>")]
    [InlineData("<param><value><struct><member><name>k</name></member></struct></value></param>", "<member> needs a <name> and a <value>")]
    public void Malformed_values_are_refused_with_a_clear_message(string parameters, string message) =>
        AssertRefused(Call(parameters), message);

    [Theory]
    [InlineData("<int></int>", "Bad <int> value ''")]
    [InlineData("<int>1.0</int>", "Bad <int> value '1.0'")]
    [InlineData("<int>0x10</int>", "Bad <int> value")]
    [InlineData("<int>1__0</int>", "Bad <int> value")]
    [InlineData("<int>_1</int>", "Bad <int> value")]
    [InlineData("<int>1 0</int>", "Bad <int> value")]
    [InlineData("<i4>\u0661\u0662</i4>", "Bad <i4> value")]
    [InlineData("<int>\u00a01</int>", "Bad <int> value")]
    [InlineData("<i8>9223372036854775808</i8>", "outside the 64-bit range")]
    [InlineData("<int>-9223372036854775809</int>", "outside the 64-bit range")]
    [InlineData("<double></double>", "Bad <double> value")]
    [InlineData("<double>1e</double>", "Bad <double> value '1e'")]
    [InlineData("<double>0x1p3</double>", "Bad <double> value")]
    [InlineData("<double>1_.0</double>", "Bad <double> value")]
    [InlineData("<float>infinit</float>", "Bad <float> value")]
    [InlineData("<boolean>true</boolean>", "Bad <boolean> value 'true': expected 0 or 1")]
    [InlineData("<boolean> 1</boolean>", "Bad <boolean> value")]
    [InlineData("<boolean>2</boolean>", "Bad <boolean> value")]
    [InlineData("<base64>QUI</base64>", "Bad <base64> value")]
    [InlineData("<base64>QU!JD</base64>", "Bad <base64> value")]
    [InlineData("<base64>QUI=QUJD</base64>", "Bad <base64> value")]
    [InlineData("<base64>QUJD\u00e9</base64>", "Bad <base64> value")]
    public void Bad_scalar_text_is_refused_with_the_type_in_the_message(string typed, string message) =>
        AssertRefused(Call(Param(typed)), message);

    [Fact]
    public void A_long_bad_value_is_shortened_in_the_message()
    {
        var refusal = Refusal(Call(Param("<int>" + new string('x', 500) + "</int>")));

        Assert.True(refusal.Message.Length < 120, refusal.Message);
    }

    [Theory]
    [InlineData("&nbsp;", "undeclared entity")]
    [InlineData("&#0;", "Malformed XML")]
    [InlineData("&#xD800;", "Malformed XML")]
    [InlineData("a\u0001b", "Malformed XML")]
    [InlineData("a]]>b", "Malformed XML")]
    public void Undeclared_entities_and_forbidden_characters_are_refused(string content, string message) =>
        AssertRefused(Call(Param(content)), message);

    [Theory]
    [InlineData("<!DOCTYPE methodCall>")]
    [InlineData("<!DOCTYPE methodCall SYSTEM \"http://example.com/x.dtd\">")]
    [InlineData("<!DOCTYPE m [<!ENTITY e \"expanded\">]>")]
    [InlineData("<!DOCTYPE m [<!ELEMENT m ANY>]>")]
    public void A_DOCTYPE_of_any_kind_is_refused(string doctype) =>
        AssertRefused(doctype + Call(Param("x")), "DTD");

    [Fact]
    public void An_external_entity_is_refused_before_any_file_is_read()
    {
        var body = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" + Call(Param("&xxe;"));

        AssertRefused(body, "DTD");
    }

    [Fact]
    public void Billion_laughs_is_refused_without_expanding_anything()
    {
        var entities = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        AssertRefused(entities + "]>" + Call(Param("&lol9;")), "DTD");
    }

    [Fact]
    public void A_body_declaring_us_ascii_with_non_ascii_bytes_is_refused_not_read_as_question_marks()
    {
        var body = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"us-ascii\"?>" + Call(Param("caf\u00e9")));

        var refusal = Assert.Throws<XmlRpcFormatException>(() => XmlRpcCallReader.Read(body));

        Assert.Contains("non-ASCII bytes", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf_32_body_is_refused_as_python_does()
    {
        byte[] body = [.. Encoding.UTF32.Preamble, .. Encoding.UTF32.GetBytes(Call(Param("x")))];

        var refusal = Assert.Throws<XmlRpcFormatException>(() => XmlRpcCallReader.Read(body));

        Assert.Contains("Unsupported encoding", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf_8_is_refused()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes(Call("<param><value>a")), 0xFF, .. Encoding.UTF8.GetBytes("</value></param>")];

        AssertRefused(body, "Malformed XML");
    }

    [Fact]
    public void Nesting_up_to_the_depth_cap_is_read()
    {
        // The envelope takes five levels (methodCall, params, param, value, typed); each array adds three.
        var limits = new XmlRpcReaderLimits(MaxDepth: 5 + 3 * 3);

        var value = Read(Call(Param(NestedArrays(3))), limits).Params[0];

        Assert.IsType<XmlRpcArray>(value);
    }

    [Fact]
    public void Nesting_beyond_the_depth_cap_is_refused() =>
        AssertRefused(Encoding.UTF8.GetBytes(Call(Param(NestedArrays(3)))), "nests deeper than 13 XML elements", new XmlRpcReaderLimits(MaxDepth: 13));

    [Fact]
    public void The_default_depth_cap_stops_deeply_nested_bodies() =>
        AssertRefused(Call(Param(NestedArrays(1000))), "nests deeper than 64 XML elements");

    [Fact]
    public void Elements_up_to_the_element_cap_are_read()
    {
        // methodCall, methodName, params, then param + value + string per parameter.
        var body = Call(string.Concat(Enumerable.Repeat(Param("<string>x</string>"), 10)));

        Assert.Equal(10, Read(body, new XmlRpcReaderLimits(MaxElements: 33)).Params.Count);
    }

    [Fact]
    public void Elements_beyond_the_element_cap_are_refused()
    {
        var body = Call(string.Concat(Enumerable.Repeat(Param("<string>x</string>"), 10)));

        AssertRefused(Encoding.UTF8.GetBytes(body), "more than 32 XML elements", new XmlRpcReaderLimits(MaxElements: 32));
    }

    private static string NestedArrays(int depth) =>
        string.Concat(Enumerable.Repeat("<array><data><value>", depth)) + "<int>1</int>"
        + string.Concat(Enumerable.Repeat("</value></data></array>", depth));

    private static string Call(string parameters) =>
        "<methodCall><methodName>m</methodName><params>" + parameters + "</params></methodCall>";

    private static string Param(string valueContent) => "<param><value>" + valueContent + "</value></param>";

    private static XmlRpcCall Read(string body, XmlRpcReaderLimits? limits = null) =>
        XmlRpcCallReader.Read(Encoding.UTF8.GetBytes(body), limits);

    private static XmlRpcValue Single(string valueContent) => Assert.Single(Read(Call(Param(valueContent))).Params);

    private static XmlRpcFormatException Refusal(string body) =>
        Assert.Throws<XmlRpcFormatException>(() => Read(body));

    private static void AssertRefused(string body, string message) =>
        AssertRefused(Encoding.UTF8.GetBytes(body), message);

    private static void AssertRefused(byte[] body, string message, XmlRpcReaderLimits? limits = null)
    {
        var refusal = Assert.Throws<XmlRpcFormatException>(() => XmlRpcCallReader.Read(body, limits));
        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }
}
