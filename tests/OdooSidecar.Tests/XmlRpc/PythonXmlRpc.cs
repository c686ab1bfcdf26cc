using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.Tests.XmlRpc;

/// <summary>How one reader answered one body: the call in the oracle's JSON encoding, or the refusal.</summary>
internal sealed record XmlRpcVerdict(bool Accepted, string Call, string Error)
{
    public static XmlRpcVerdict Accept(string? methodName, JsonArray parameters) =>
        new(true, new JsonArray(JsonValue.Create(methodName), Rebuild(parameters)).ToJsonString(), string.Empty);

    public static XmlRpcVerdict Refuse(string error) => new(false, string.Empty, error);

    public bool AgreesWith(XmlRpcVerdict other) => Accepted == other.Accepted && Call == other.Call;

    public override string ToString() => Accepted ? "accepted " + Call : "refused: " + Error;

    /// <summary>A detached copy built from plain strings, so both sides serialize with the same escaping.</summary>
    private static JsonNode? Rebuild(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => new JsonArray([.. array.Select(Rebuild)]),
        _ => JsonValue.Create(node.GetValue<string>()),
    };
}

/// <summary>
/// Runs <c>xmlrpc_oracle.py</c>: Python's <c>xmlrpc.client.loads</c>, the parser Odoo uses. One process per batch.
/// </summary>
internal static class PythonXmlRpc
{
    /// <summary>Python's verdict on each body, in order.</summary>
    public static IReadOnlyList<XmlRpcVerdict> Load(IReadOnlyList<byte[]> bodies)
    {
        var input = new StringBuilder();
        foreach (var body in bodies)
        {
            input.Append("{\"body\":\"").Append(Convert.ToBase64String(body)).Append("\"}\n");
        }

        var lines = RunPython([OracleScript()], input.ToString(), bodies.Count, "The Python oracle");
        return [.. lines.Select(ParseVerdict)];
    }

    /// <summary>Our reader's verdict on a body, in the same encoding as the oracle's.</summary>
    public static XmlRpcVerdict ReadWithSidecar(byte[] body)
    {
        try
        {
            var call = XmlRpcCallReader.Read(body);
            return XmlRpcVerdict.Accept(call.MethodName, new JsonArray([.. call.Params.Select(Encode)]));
        }
        catch (XmlRpcFormatException e)
        {
            return XmlRpcVerdict.Refuse(e.Message);
        }
    }

    /// <summary>A value tagged exactly as <c>xmlrpc_oracle.py</c> tags Python's.</summary>
    public static JsonNode Encode(XmlRpcValue value) => value switch
    {
        XmlRpcNil => new JsonArray("nil"),
        XmlRpcBoolean b => new JsonArray("boolean", b.Value ? "1" : "0"),
        XmlRpcInteger i => new JsonArray("int", i.Value.ToString(CultureInfo.InvariantCulture)),
        XmlRpcDouble d => new JsonArray(
            "double",
            double.IsNaN(d.Value) ? "nan" : BitConverter.DoubleToInt64Bits(d.Value).ToString("x16", CultureInfo.InvariantCulture)),
        XmlRpcString s => new JsonArray("string", s.Value),
        XmlRpcDateTime t => new JsonArray("dateTime", t.Text),
        XmlRpcBase64 b => new JsonArray("base64", Convert.ToHexStringLower(b.Data.Span)),
        XmlRpcArray a => new JsonArray("array", new JsonArray([.. a.Items.Select(Encode)])),
        XmlRpcStruct s => new JsonArray(
            "struct",
            new JsonArray([.. s.Members.Select(m => (JsonNode)new JsonArray(m.Key, Encode(m.Value)))])),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown XML-RPC value."),
    };

    /// <summary>
    /// The bodies Python's <c>xmlrpc.client.ServerProxy</c> sends for <paramref name="calls"/>, each a Python
    /// expression of a (params tuple, method name) pair.
    /// </summary>
    public static IReadOnlyList<byte[]> Dumps(IReadOnlyList<string> calls)
    {
        const string Script = """
            import base64, sys, xmlrpc.client
            for line in sys.stdin:
                params, method = eval(line)
                body = xmlrpc.client.dumps(params, method, allow_none=True).encode("utf-8", "xmlcharrefreplace")
                print(base64.b64encode(body).decode())
            """;
        return [.. RunPython(["-c", Script], string.Join("\n", calls) + "\n", calls.Count, "xmlrpc.client.dumps").Select(Convert.FromBase64String)];
    }

    /// <summary>Runs python3 with <paramref name="input"/> on stdin; its output lines, which must number <paramref name="expectedLines"/>.</summary>
    private static string[] RunPython(IEnumerable<string> arguments, string input, int expectedLines, string what)
    {
        var start = new ProcessStartInfo("python3", arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var python = StartPython(start);
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        python.StandardInput.Write(input);
        python.StandardInput.Close();
        python.WaitForExit();
        var lines = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return python.ExitCode == 0 && lines.Length == expectedLines
            ? lines
            : throw new InvalidOperationException($"{what} exited with {python.ExitCode} after {lines.Length} of {expectedLines} lines: {errors.Result}");
    }

    private static XmlRpcVerdict ParseVerdict(string line)
    {
        var verdict = JsonNode.Parse(line)!.AsObject();
        return verdict["ok"]!.GetValue<bool>()
            ? XmlRpcVerdict.Accept(verdict["method"]?.GetValue<string>(), verdict["params"]!.AsArray())
            : XmlRpcVerdict.Refuse(verdict["error"]!.GetValue<string>());
    }

    private static Process StartPython(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("python3 is required: it runs Python's xmlrpc.client, the reader Odoo uses.", e);
        }
    }

    private static string OracleScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OdooSidecar.sln")))
            {
                return Path.Combine(folder.FullName, "tests", "OdooSidecar.Tests", "XmlRpc", "xmlrpc_oracle.py");
            }
        }

        throw new InvalidOperationException($"No OdooSidecar.sln above {AppContext.BaseDirectory}: cannot find the Python oracle.");
    }
}
