using System.Globalization;

namespace OdooSidecar.XmlRpc;

/// <summary>A value of the XML-RPC data model, as read from a call or written to Odoo.</summary>
public abstract record XmlRpcValue
{
    /// <summary>The shared nil value (<c>&lt;nil/&gt;</c>, Python's <c>None</c>).</summary>
    public static readonly XmlRpcNil Nil = new();
}

/// <summary>An integer (<c>int</c>, <c>i4</c>, <c>i8</c>); 64-bit range.</summary>
public sealed record XmlRpcInteger(long Value) : XmlRpcValue;

/// <summary>A boolean.</summary>
public sealed record XmlRpcBoolean(bool Value) : XmlRpcValue
{
    /// <summary>The shared <c>True</c>.</summary>
    public static readonly XmlRpcBoolean True = new(true);

    /// <summary>The shared <c>False</c>.</summary>
    public static readonly XmlRpcBoolean False = new(false);
}

/// <summary>A string, from <c>&lt;string&gt;</c> or bare text inside <c>&lt;value&gt;</c>.</summary>
public sealed record XmlRpcString(string Value) : XmlRpcValue;

/// <summary>A double-precision float.</summary>
public sealed record XmlRpcDouble(double Value) : XmlRpcValue
{
    /// <inheritdoc />
    public bool Equals(XmlRpcDouble? other) =>
        other is not null && BitConverter.DoubleToInt64Bits(Value) == BitConverter.DoubleToInt64Bits(other.Value);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();
}

/// <summary>A <c>dateTime.iso8601</c> value, kept as text without surrounding whitespace, as Python reads it.</summary>
public sealed record XmlRpcDateTime(string Text) : XmlRpcValue;

/// <summary>Binary data from <c>&lt;base64&gt;</c>.</summary>
public sealed record XmlRpcBase64(ReadOnlyMemory<byte> Data) : XmlRpcValue
{
    /// <inheritdoc />
    public bool Equals(XmlRpcBase64? other) => other is not null && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc />
    public override int GetHashCode() => Data.Length;
}

/// <summary>The XML-RPC nil extension (<c>&lt;nil/&gt;</c>, <c>&lt;ex:nil/&gt;</c>).</summary>
public sealed record XmlRpcNil : XmlRpcValue;

/// <summary>An array.</summary>
public sealed record XmlRpcArray(IReadOnlyList<XmlRpcValue> Items) : XmlRpcValue
{
    /// <inheritdoc />
    public bool Equals(XmlRpcArray? other) => other is not null && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override int GetHashCode() => Items.Count;
}

/// <summary>
/// A struct. Members keep the caller's order; a repeated name keeps its first position and its last value,
/// as Python's <c>xmlrpc.client</c> (and therefore Odoo) reads it.
/// </summary>
public sealed record XmlRpcStruct(IReadOnlyList<KeyValuePair<string, XmlRpcValue>> Members) : XmlRpcValue
{
    /// <summary>The value of member <paramref name="name"/>, or null when absent.</summary>
    public XmlRpcValue? this[string name]
    {
        get
        {
            // Indexed, not foreach: an interface enumerator would be allocated on every lookup.
            for (var i = 0; i < Members.Count; i++)
            {
                if (Members[i].Key == name)
                {
                    return Members[i].Value;
                }
            }

            return null;
        }
    }

    /// <inheritdoc />
    public bool Equals(XmlRpcStruct? other) => other is not null && Members.SequenceEqual(other.Members);

    /// <inheritdoc />
    public override int GetHashCode() => Members.Count;
}

/// <summary>A parsed <c>methodCall</c>: the method name and its positional parameters.</summary>
public sealed record XmlRpcCall(string MethodName, IReadOnlyList<XmlRpcValue> Params)
{
    /// <inheritdoc />
    public bool Equals(XmlRpcCall? other) =>
        other is not null && MethodName == other.MethodName && Params.SequenceEqual(other.Params);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MethodName, Params.Count);
}

/// <summary>Helpers to look at values without pattern noise at every call site.</summary>
public static class XmlRpcValueExtensions
{
    /// <summary>The string content, or null when the value is not a string.</summary>
    public static string? AsString(this XmlRpcValue? value) => (value as XmlRpcString)?.Value;

    /// <summary>The integer content, or null when the value is not an integer.</summary>
    public static long? AsInteger(this XmlRpcValue? value) => (value as XmlRpcInteger)?.Value;

    /// <summary>A short, human-readable rendering for audit rows and messages.</summary>
    public static string ToDisplayString(this XmlRpcValue value) => value switch
    {
        XmlRpcInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        XmlRpcBoolean b => b.Value ? "True" : "False",
        XmlRpcString s => s.Value,
        XmlRpcDouble d => d.Value.ToString("R", CultureInfo.InvariantCulture),
        XmlRpcDateTime t => t.Text,
        XmlRpcBase64 b => $"<{b.Data.Length} bytes>",
        XmlRpcNil => "None",
        XmlRpcArray a => "[" + string.Join(", ", a.Items.Select(ToDisplayString)) + "]",
        XmlRpcStruct s => "{" + string.Join(", ", s.Members.Select(m => m.Key + ": " + m.Value.ToDisplayString())) + "}",
        _ => value.ToString() ?? string.Empty,
    };
}
