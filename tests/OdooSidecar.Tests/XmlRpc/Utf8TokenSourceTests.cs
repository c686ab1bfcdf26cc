using System.Text;
using System.Xml;
using OdooSidecar.XmlRpc;
using Xunit.Abstractions;

namespace OdooSidecar.Tests.XmlRpc;

/// <summary>
/// The byte-level fast path of the call reader against <see cref="XmlTextReader"/>, on the differential corpus
/// (which holds every XML spelling the generator knows) and on what real clients send.
/// </summary>
public sealed class Utf8TokenSourceTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Xml_left_to_the_full_reader_rows => new()
    {
        { "comment", "<methodCall><!-- c --><methodName>m</methodName></methodCall>" },
        { "CDATA", "<methodCall><methodName><![CDATA[m]]></methodName></methodCall>" },
        { "processing instruction", "<methodCall><?pi x?><methodName>m</methodName></methodCall>" },
        { "attribute", "<methodCall><methodName lang=\"en\">m</methodName></methodCall>" },
        { "DOCTYPE", "<!DOCTYPE methodCall><methodCall><methodName>m</methodName></methodCall>" },
        { "ISO-8859-1 declaration", "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><methodCall><methodName>m</methodName></methodCall>" },
        { "XML 1.1 declaration", "<?xml version=\"1.1\"?><methodCall><methodName>m</methodName></methodCall>" },
        { "byte order mark", "\uFEFF<methodCall><methodName>m</methodName></methodCall>" },
        { "undeclared entity", "<methodCall><methodName>&nbsp;</methodName></methodCall>" },
        { "reference to a surrogate", "<methodCall><methodName>&#xD800;</methodName></methodCall>" },
        { "uppercase X in a reference", "<methodCall><methodName>&#X41;</methodName></methodCall>" },
        { "mismatched end tag", "<methodCall><methodName>m</methodname></methodCall>" },
        { "text after the root", "<methodCall><methodName>m</methodName></methodCall>x" },
        { "second root", "<methodCall><methodName>m</methodName></methodCall><methodCall/>" },
        { "unclosed root", "<methodCall><methodName>m</methodName>" },
        { "control character", "<methodCall><methodName>m\u0001</methodName></methodCall>" },
        { "CDATA end in text", "<methodCall><methodName>]]></methodName></methodCall>" },
        { "two colons in a name", "<methodCall><methodName>m</methodName><a:b:params/></methodCall>" },
        { "empty body", string.Empty },
    };

    [Fact]
    public void Every_body_it_reads_gives_the_nodes_XmlTextReader_gives()
    {
        var read = 0;
        var corpus = DifferentialTests.Corpus();
        foreach (var (label, body) in corpus)
        {
            var fast = Nodes(new Utf8TokenSource(body));
            if (fast is null)
            {
                continue;
            }

            read++;
            using var full = new TextReaderTokenSource(body);
            var expected = Nodes(full) ?? [];
            var differs = Enumerable.Range(0, Math.Max(expected.Count, fast.Count)).FirstOrDefault(i => expected.ElementAtOrDefault(i) != fast.ElementAtOrDefault(i), -1);
            Assert.True(differs < 0, $"{label}: node {differs} is {fast.ElementAtOrDefault(differs)} where XmlTextReader gives {expected.ElementAtOrDefault(differs)}.");
        }

        output.WriteLine($"The fast path read {read} of {corpus.Count} bodies; the rest use XML it leaves to XmlTextReader.");
        Assert.True(read >= corpus.Count / 4, $"The fast path read only {read} of {corpus.Count} bodies: the comparison tests little.");
    }

    [Fact]
    public void Reading_gives_the_same_call_or_the_same_refusal_as_the_full_reader_alone()
    {
        foreach (var (label, body) in DifferentialTests.Corpus())
        {
            var expected = Outcome(() => XmlRpcCallReader.ReadAnyXml(body, XmlRpcReaderLimits.Default));

            var actual = Outcome(() => XmlRpcCallReader.Read(body));

            Assert.True(Equals(expected.Call, actual.Call) && expected.Refusal == actual.Refusal,
                $"{label}: the full reader alone {expected.Refusal ?? "reads a call"}; with the fast path {actual.Refusal ?? "reads a call"}.");
        }
    }

    [Fact]
    public void Calls_from_python_and_from_our_writer_take_the_fast_path()
    {
        var bodies = PythonXmlRpc.Dumps(
        [
            "(('odoo', 2, 'key', 'res.partner', 'search_read', [[['is_company', '=', True], ['name', 'ilike', 'a&b <c>']]], {'fields': ['name', 'email'], 'limit': 5, 'context': {'lang': 'es_ES'}}), 'execute_kw')",
            "(('odoo', 2, 'key', 'res.partner', 'create', [{'name': 'Peña \\r\\n Ñandú 😀', 'child_ids': [(0, 0, {'name': 'x'})], 'credit_limit': 1.5, 'comment': None}]), 'execute_kw')",
            "(('odoo', 'admin', 'key', {}), 'authenticate')",
            "((), 'version')",
        ]);
        var call = new XmlRpcCall("execute_kw", [new XmlRpcString("odoo"), new XmlRpcInteger(2), new XmlRpcString("ké<y>&"),
            new XmlRpcArray([XmlRpcValue.Nil, XmlRpcBoolean.True, new XmlRpcDouble(0.25), new XmlRpcStruct([new("a\r\nb", new XmlRpcString(" "))])])]);

        foreach (var body in bodies.Append(XmlRpcWriter.ToBytes(call)))
        {
            Assert.True(XmlRpcCallReader.TryReadPlainUtf8(body, XmlRpcReaderLimits.Default, out var fast), Encoding.UTF8.GetString(body));
            Assert.Equal(XmlRpcCallReader.ReadAnyXml(body, XmlRpcReaderLimits.Default), fast);
        }
    }

    [Theory]
    [MemberData(nameof(Xml_left_to_the_full_reader_rows))]
    public void Xml_beyond_the_plain_subset_is_left_to_the_full_reader(string construct, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.False(XmlRpcCallReader.TryReadPlainUtf8(bytes, XmlRpcReaderLimits.Default, out _), construct);
    }

    /// <summary>The nodes the call reader looks at, or null when the fast source leaves the body to the full reader.</summary>
    private static List<string>? Nodes(XmlTokenSource tokens)
    {
        var nodes = new List<string>();
        try
        {
            while (tokens.Read())
            {
                switch (tokens.NodeType)
                {
                    case XmlNodeType.Element:
                        nodes.Add($"<{tokens.Name}{(tokens.IsEmptyElement ? "/" : string.Empty)}> at {tokens.Depth}");
                        break;
                    case XmlNodeType.EndElement:
                        nodes.Add($"</{tokens.Name}> at {tokens.Depth}");
                        break;
                    // The call reader treats text and whitespace nodes alike inside the root, and XmlTextReader calls
                    // whitespace spelled as character references either (&#9; whitespace, &#13; text).
                    case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when tokens.Depth > 0:
                        nodes.Add($"text '{tokens.Value}' at {tokens.Depth}");
                        break;
                }
            }
        }
        catch (Utf8TokenSource.UnsupportedException)
        {
            return null;
        }

        return nodes;
    }

    private static (XmlRpcCall? Call, string? Refusal) Outcome(Func<XmlRpcCall> read)
    {
        try
        {
            return (read(), null);
        }
        catch (XmlRpcFormatException e)
        {
            return (null, "refuses: " + e.Message);
        }
    }
}
