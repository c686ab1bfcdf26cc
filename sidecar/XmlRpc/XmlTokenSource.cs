using System.Text;
using System.Xml;

namespace OdooSidecar.XmlRpc;

/// <summary>
/// The XML nodes <see cref="XmlRpcCallReader"/> walks, in <see cref="XmlReader"/>'s terms: elements (no end node for
/// an empty one), end tags, text and whitespace, with the depth <see cref="XmlReader.Depth"/> gives them.
/// </summary>
internal abstract class XmlTokenSource
{
    /// <summary>Moves to the next node; false at the end of the body.</summary>
    public abstract bool Read();

    public abstract XmlNodeType NodeType { get; }

    /// <summary>The element's qualified name as written (<c>ex:nil</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The text of a text or whitespace node, entities expanded and line ends normalized.</summary>
    public abstract string Value { get; }

    public abstract bool IsEmptyElement { get; }

    public abstract int Depth { get; }

    /// <summary>The encoding the body is decoded with, once the root element is reached.</summary>
    public abstract Encoding? Encoding { get; }
}

/// <summary>
/// Nodes from .NET's <see cref="XmlTextReader"/>, configured to read as expat does for Python: every encoding and
/// XML construct a client may send.
/// </summary>
internal sealed class TextReaderTokenSource : XmlTokenSource, IDisposable
{
    private readonly ReadOnlyMemoryStream _stream;
    private readonly XmlTextReader _xml;

    public TextReaderTokenSource(ReadOnlyMemory<byte> body)
    {
        _stream = new ReadOnlyMemoryStream(body);

        // Namespaces off reads prefixed names such as <ex:nil/> without a declaration, as expat does for Python;
        // DTDs are refused outright, so no entity can be declared, and expanding entities makes an undeclared one
        // (&nbsp;) an error instead of a silently dropped node.
        _xml = new XmlTextReader(_stream)
        {
            Namespaces = false,
            DtdProcessing = DtdProcessing.Prohibit,
            EntityHandling = EntityHandling.ExpandEntities,
            XmlResolver = null,
            Normalization = true,
            WhitespaceHandling = WhitespaceHandling.All,
        };
    }

    public override bool Read() => _xml.Read();

    public override XmlNodeType NodeType => _xml.NodeType;

    public override string Name => _xml.Name;

    public override string Value => _xml.Value;

    public override bool IsEmptyElement => _xml.IsEmptyElement;

    public override int Depth => _xml.Depth;

    public override Encoding? Encoding => _xml.Encoding;

    public void Dispose()
    {
        _xml.Dispose();
        _stream.Dispose();
    }
}
