using System.Globalization;
using System.Text;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.Gateway;

/// <summary>Renders a call's parameters for <c>request_data</c>: readable, bounded, with every secret left out.</summary>
internal static class AuditText
{
    private const string Redacted = "<redacted>";
    private static readonly string[] SecretWords = ["password", "passwd", "secret", "token", "api_key", "apikey"];

    /// <summary>
    /// The parameters as Python-like text, the one at <paramref name="secretIndex"/> redacted, and every one from
    /// <paramref name="redactFrom"/> on (the arguments of a method such as <c>change_password</c>); at most
    /// <paramref name="maxChars"/> characters, ending in "…" when cut.
    /// </summary>
    public static string RenderParams(XmlRpcCall call, int secretIndex, int maxChars, int redactFrom = int.MaxValue)
    {
        var text = new StringBuilder();
        text.Append('[');
        for (var i = 0; i < call.Params.Count && text.Length <= maxChars; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            if (i == secretIndex || i >= redactFrom)
            {
                text.Append(Redacted);
            }
            else
            {
                Render(text, call.Params[i], maxChars);
            }
        }

        text.Append(']');
        return Bounded(text, maxChars);
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="maxChars"/>, never between the halves of a surrogate pair.</summary>
    private static string Bounded(StringBuilder text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text.ToString();
        }

        if (maxChars < 1)
        {
            return string.Empty;
        }

        var keep = maxChars - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text.ToString(0, keep) + "…";
    }

    private static void Render(StringBuilder text, XmlRpcValue value, int maxChars)
    {
        if (text.Length > maxChars)
        {
            return;
        }

        switch (value)
        {
            case XmlRpcString s:
                text.Append('\'').Append(s.Value.Length > maxChars ? s.Value[..maxChars] : s.Value).Append('\'');
                break;
            case XmlRpcArray a:
                text.Append('[');
                for (var i = 0; i < a.Items.Count && text.Length <= maxChars; i++)
                {
                    text.Append(i > 0 ? ", " : string.Empty);
                    Render(text, a.Items[i], maxChars);
                }

                text.Append(']');
                break;
            case XmlRpcStruct s:
                text.Append('{');
                for (var i = 0; i < s.Members.Count && text.Length <= maxChars; i++)
                {
                    var (name, member) = s.Members[i];
                    text.Append(i > 0 ? ", '" : "'").Append(name).Append("': ");
                    if (IsSecretName(name))
                    {
                        text.Append(Redacted);
                    }
                    else
                    {
                        Render(text, member, maxChars);
                    }
                }

                text.Append('}');
                break;
            default:
                text.Append(value.ToDisplayString());
                break;
        }
    }

    /// <summary>Record ids as <c>1,2,3</c>.</summary>
    public static string? RenderIds(IReadOnlyList<long> ids) =>
        ids.Count == 0 ? null : string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>True for names that hint at credentials: password, secret, token, api key.</summary>
    public static bool IsSecretName(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
}
