using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OdooSidecar.Testing;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.IntegrationTests.Rest;

/// <summary>
/// Replays, byte for byte, what mcp-server-odoo 0.5.1 sends in its standard mode with an API key: its start-up
/// and the tools search_records, get_record, create_record, update_record, delete_record and list_models. The
/// transcripts in <c>Transcripts/</c> were recorded from the client's own code (see <c>Transcripts/README.md</c>):
/// XML-RPC requests share one keep-alive connection (<c>Python-xmlrpc/3.11</c>), each REST request opens its own
/// (<c>Python-urllib/3.11</c>, <c>Connection: close</c>). Each answer must carry what the client reads, and each
/// XML-RPC call must reach the upstream once, in canonical form, with the key's user.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class McpServerOdooClientSequenceTests(PostgresFixture postgres)
{
    private const int ClientUid = OdooTestData.AdminId;

    [Fact]
    public async Task Start_up_without_odoo_db_and_each_tool_from_a_fresh_client_get_what_the_client_reads()
    {
        var steps = await ReplayAsync("mcp-server-odoo-0.5.1-without-odoo-db-cold-tools.json");

        Assert.Equal(
            [
                "startup: POST /xmlrpc/db list", "startup: POST /mcp/xmlrpc/common version", "startup: POST /xmlrpc/db list",
                "startup: GET /mcp/auth/validate",
                "search_records: GET /mcp/models/res.partner/access", "search_records: POST /mcp/xmlrpc/object search_count",
                "search_records: POST /mcp/xmlrpc/object search", "search_records: POST /mcp/xmlrpc/object fields_get",
                "search_records: POST /mcp/xmlrpc/object read",
                "get_record: GET /mcp/models/res.partner/access", "get_record: POST /mcp/xmlrpc/object fields_get",
                "get_record: POST /mcp/xmlrpc/object read",
                "create_record: GET /mcp/models/res.partner/access", "create_record: POST /mcp/xmlrpc/object create",
                "create_record: POST /mcp/xmlrpc/object read", "create_record: POST /mcp/xmlrpc/object fields_get",
                "update_record: GET /mcp/models/res.partner/access", "update_record: POST /mcp/xmlrpc/object read",
                "update_record: POST /mcp/xmlrpc/object write", "update_record: POST /mcp/xmlrpc/object read",
                "update_record: POST /mcp/xmlrpc/object fields_get",
                "delete_record: GET /mcp/models/res.partner/access", "delete_record: POST /mcp/xmlrpc/object read",
                "delete_record: POST /mcp/xmlrpc/object unlink",
                "list_models: GET /mcp/models", "list_models: GET /mcp/models/res.partner/access",
            ],
            steps);
    }

    [Fact]
    public async Task Start_up_with_odoo_db_and_one_session_of_tools_get_what_the_client_reads()
    {
        var steps = await ReplayAsync("mcp-server-odoo-0.5.1-with-odoo-db-one-session.json");

        Assert.Equal(
            [
                "startup: POST /mcp/xmlrpc/common version", "startup: GET /mcp/auth/validate",
                "search_records: GET /mcp/models/res.partner/access", "search_records: POST /mcp/xmlrpc/object search_count",
                "search_records: POST /mcp/xmlrpc/object search", "search_records: POST /mcp/xmlrpc/object fields_get",
                "search_records: POST /mcp/xmlrpc/object read",
                "get_record: POST /mcp/xmlrpc/object read",
                "create_record: POST /mcp/xmlrpc/object create", "create_record: POST /mcp/xmlrpc/object read",
                "update_record: POST /mcp/xmlrpc/object read", "update_record: POST /mcp/xmlrpc/object write",
                "update_record: POST /mcp/xmlrpc/object read",
                "delete_record: POST /mcp/xmlrpc/object read", "delete_record: POST /mcp/xmlrpc/object unlink",
                "list_models: GET /mcp/models",
            ],
            steps);
    }

    /// <summary>Replays one transcript against a fresh sidecar; returns "step: METHOD path [inner method]" per request.</summary>
    private async Task<IReadOnlyList<string>> ReplayAsync(string transcriptName)
    {
        await using var scenario = await GatewayScenario.StartAsync(postgres.Cluster,
            data => data.EnableModelAsync("res.partner", read: true, create: true, write: true, unlink: true));
        var upstreamAnswers = new System.Collections.Concurrent.ConcurrentQueue<string>();
        scenario.Odoo.Respond = request =>
        {
            var answer = FakeOdoo.Answer(request, scenario.Database);
            upstreamAnswers.Enqueue(answer);
            return Task.FromResult(answer);
        };

        var connections = new Dictionary<int, RawHttpConnection>();
        var steps = new List<string>();
        try
        {
            foreach (var entry in Transcript.Load(transcriptName))
            {
                var request = entry.Render(scenario.Sidecar.Address, scenario.Database, scenario.ApiKey);
                if (!connections.TryGetValue(entry.Connection, out var connection))
                {
                    connection = connections[entry.Connection] = await RawHttpConnection.OpenAsync(scenario.Sidecar.Address);
                }

                var forwardedBefore = scenario.Odoo.Received.Count;
                var response = await connection.SendAsync(request.Bytes);
                var where = $"{entry.Step}: {entry.RequestLine}";
                Assert.True(response.Status == 200, $"{where} answered HTTP {response.Status}: {response.Text}");
                Assert.False(response.Headers.ContainsKey("Content-Encoding"), where);

                if (entry.IsRest)
                {
                    Assert.Equal(forwardedBefore, scenario.Odoo.Received.Count);
                    AssertRestAnswerHasWhatTheClientReads(entry.Path, JsonNode.Parse(response.Text)!, where);
                    steps.Add($"{entry.Step}: GET {entry.Path}");
                    continue;
                }

                // One call upstream per XML-RPC request, canonical, its answer passed back unchanged.
                Assert.Equal(forwardedBefore + 1, scenario.Odoo.Received.Count);
                var received = scenario.Odoo.Received.Last();
                var sent = XmlRpcCallReader.Read(request.Body);
                Assert.Equal(UpstreamPath(entry.Path), received.Path);
                Assert.Equal(XmlRpcWriter.ToBytes(sent), received.Body);
                Assert.Equal(upstreamAnswers.Last(), response.Text);
                Assert.StartsWith("text/xml", response.Headers["Content-Type"], StringComparison.Ordinal);

                var inner = sent.MethodName;
                if (sent.MethodName == "execute_kw")
                {
                    var forwarded = XmlRpcCallReader.Read(received.Body).Params;
                    Assert.Equal(scenario.Database, forwarded[0].AsString());
                    Assert.Equal(ClientUid, forwarded[1].AsInteger());
                    Assert.Equal(scenario.ApiKey, forwarded[2].AsString());
                    Assert.Equal("res.partner", forwarded[3].AsString());
                    inner = forwarded[4].AsString();
                }

                AssertXmlRpcAnswerHasWhatTheClientReads(inner!, response.Text, scenario.Database, where);
                steps.Add($"{entry.Step}: POST {entry.Path} {inner}");
            }
        }
        finally
        {
            foreach (var connection in connections.Values)
            {
                await connection.DisposeAsync();
            }
        }

        var rows = await scenario.AuditRowsAsync(steps.Count);
        Assert.DoesNotContain(rows.SelectMany(r => r.Values), value => value is string text && text.Contains(scenario.ApiKey, StringComparison.Ordinal));
        Assert.All(rows.Where(r => r["service"] as string == "object" || (r["endpoint"] as string)!.StartsWith("/mcp/models", StringComparison.Ordinal)),
            row => Assert.Equal((object?)ClientUid, row["user_id"]));
        return steps;
    }

    private static string UpstreamPath(string path) => path switch
    {
        "/xmlrpc/db" => "/xmlrpc/db",
        "/mcp/xmlrpc/common" => "/xmlrpc/2/common",
        "/mcp/xmlrpc/object" => "/xmlrpc/2/object",
        _ => throw new InvalidOperationException($"no XML-RPC route {path}"),
    };

    /// <summary>The keys mcp-server-odoo reads (odoo_connection.py, access_control.py, tools.py), with the values it needs.</summary>
    private static void AssertRestAnswerHasWhatTheClientReads(string path, JsonNode answer, string where)
    {
        Assert.True(answer["success"]!.GetValue<bool>(), where);
        var data = answer["data"]!;
        if (path == "/mcp/auth/validate")
        {
            Assert.True(data["valid"]!.GetValue<bool>(), where);
            Assert.Equal(ClientUid, data["user_id"]!.GetValue<long>());
        }
        else if (path == "/mcp/models")
        {
            var model = Assert.Single(data["models"]!.AsArray());
            Assert.Equal(("res.partner", "Contact"), (model!["model"]!.GetValue<string>(), model["name"]!.GetValue<string>()));
        }
        else
        {
            Assert.Equal("/mcp/models/res.partner/access", path);
            Assert.True(data["enabled"]!.GetValue<bool>(), where);
            var operations = data["operations"]!;
            Assert.All(new[] { "read", "write", "create", "unlink" }, op => Assert.True(operations[op]!.GetValue<bool>(), $"{where}: {op}"));
        }
    }

    private static void AssertXmlRpcAnswerHasWhatTheClientReads(string method, string answer, string database, string where)
    {
        Assert.DoesNotContain("<fault>", answer, StringComparison.Ordinal);
        var expected = method switch
        {
            "list" => $"<string>{database}</string>",
            "version" => "<name>server_version</name>\n<value><string>17.0</string></value>",
            "search" => "<int>7</int>",
            "create" => "<int>42</int>",
            "read" => "<name>id</name>",
            "fields_get" => "<name>type</name>",
            _ => "<value>",
        };
        Assert.True(answer.Contains(expected, StringComparison.Ordinal), $"{where}: {answer}");
    }

    /// <summary>The answers the transcripts were recorded with (Transcripts/capture_server.py), as Odoo writes them.</summary>
    private static class FakeOdoo
    {
        private static readonly (string Name, string Type, string Label)[] Fields =
        [
            ("id", "integer", "ID"), ("name", "char", "Name"), ("display_name", "char", "Display Name"), ("email", "char", "Email"),
            ("is_company", "boolean", "Is a Company"), ("create_date", "datetime", "Created on"),
        ];

        private static readonly (string Name, string Value)[] Record =
        [
            ("name", "<string>Azure Interior</string>"), ("display_name", "<string>Azure Interior</string>"),
            ("email", "<string>azure@example.com</string>"), ("is_company", "<boolean>1</boolean>"),
            ("create_date", "<string>2025-01-02 03:04:05</string>"),
        ];

        public static string Answer(ReceivedRequest request, string database)
        {
            var call = XmlRpcCallReader.Read(request.Body);
            if (call.MethodName == "list")
            {
                return OdooAnswers.Result(OdooAnswers.ArrayValue($"<string>{database}</string>"));
            }

            if (call.MethodName == "version")
            {
                return OdooAnswers.Version;
            }

            var args = (XmlRpcArray)call.Params[5];
            return call.Params[4].AsString() switch
            {
                "search_count" => OdooAnswers.Result("<int>1</int>"),
                "search" => OdooAnswers.Result(OdooAnswers.ArrayValue("<int>7</int>")),
                "fields_get" => OdooAnswers.Result(OdooAnswers.StructValue(
                    [.. Fields.Select(f => (f.Name, OdooAnswers.StructValue(("type", $"<string>{f.Type}</string>"), ("string", $"<string>{f.Label}</string>"))))])),
                "create" => OdooAnswers.Result("<int>42</int>"),
                "write" or "unlink" => OdooAnswers.Result("<boolean>1</boolean>"),
                "read" => OdooAnswers.Result(OdooAnswers.ArrayValue(ReadRecord(args, call.Params.ElementAtOrDefault(6) as XmlRpcStruct))),
                var other => OdooAnswers.Fault(1, $"the fake Odoo has no answer for {other}"),
            };
        }

        private static string ReadRecord(XmlRpcArray args, XmlRpcStruct? kwargs)
        {
            var id = ((XmlRpcArray)args.Items[0]).Items[0].AsInteger()!.Value;
            var wanted = kwargs?.Members.FirstOrDefault(m => m.Key == "fields").Value is XmlRpcArray fields
                ? fields.Items.Select(f => f.AsString()).ToHashSet()
                : null;
            var members = Record.Where(m => wanted is null || wanted.Contains(m.Name)).Prepend(("id", $"<int>{id}</int>"));
            return OdooAnswers.StructValue([.. members]);
        }
    }

    /// <summary>One recorded request with placeholders {host}, {db}, {key} and {length}.</summary>
    private sealed record Transcript(string Step, int Connection, string RequestLine, IReadOnlyList<string[]> Headers, string Body)
    {
        public string Path => RequestLine.Split(' ')[1];

        public bool IsRest => RequestLine.StartsWith("GET ", StringComparison.Ordinal);

        public static IReadOnlyList<Transcript> Load(string name, [CallerFilePath] string here = "")
        {
            var file = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(here)!, "Transcripts", name);
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return [.. document.RootElement.EnumerateArray().Select(e => new Transcript(
                e.GetProperty("step").GetString()!,
                e.GetProperty("connection").GetInt32(),
                e.GetProperty("request_line").GetString()!,
                [.. e.GetProperty("headers").EnumerateArray().Select(h => new[] { h[0].GetString()!, h[1].GetString()! })],
                e.GetProperty("body").GetString()!))];
        }

        public (byte[] Bytes, byte[] Body) Render(Uri sidecar, string database, string key)
        {
            var body = Encoding.UTF8.GetBytes(Body.Replace("{db}", database, StringComparison.Ordinal).Replace("{key}", key, StringComparison.Ordinal));
            var head = new StringBuilder(RequestLine).Append("\r\n");
            foreach (var header in Headers)
            {
                var value = header[1]
                    .Replace("{host}", sidecar.Authority, StringComparison.Ordinal)
                    .Replace("{db}", database, StringComparison.Ordinal)
                    .Replace("{key}", key, StringComparison.Ordinal)
                    .Replace("{length}", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                head.Append(header[0]).Append(": ").Append(value).Append("\r\n");
            }

            return ([.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. body], body);
        }
    }
}
