using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OdooSidecar.IntegrationTests.Rest;

/// <summary>Sends REST calls the way mcp-server-odoo does and checks the addon's envelope exactly.</summary>
internal static partial class RestAnswers
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A GET with the client's headers; null values are left out.</summary>
    public static async Task<HttpResponseMessage> GetRestAsync(this HttpClient client, string path, string? key = null, string? database = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("User-Agent", "Python-urllib/3.11");
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", key);
        }

        if (database is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Odoo-Database", database);
        }

        return await client.SendAsync(request);
    }

    /// <summary>
    /// Asserts the status, <c>application/json</c>, the key order <c>success, data|error, meta</c>, a timestamp in
    /// Python's <c>isoformat()</c>, and that everything but <c>meta</c> is exactly <paramref name="expected"/>.
    /// </summary>
    public static async Task<JsonObject> AssertEnvelopeAsync(HttpResponseMessage response, HttpStatusCode status, string expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("\\u00", text, StringComparison.Ordinal);
        var envelope = JsonNode.Parse(text)!.AsObject();
        var success = envelope["success"]!.GetValue<bool>();
        Assert.Equal(["success", success ? "data" : "error", "meta"], envelope.Select(p => p.Key));
        var meta = envelope["meta"]!.AsObject();
        Assert.Equal(["timestamp"], meta.Select(p => p.Key));
        Assert.Matches(PythonIsoTimestamp(), meta["timestamp"]!.GetValue<string>());
        var withoutMeta = JsonNode.Parse(text)!.AsObject();
        withoutMeta.Remove("meta");
        Assert.Equal(expected, withoutMeta.ToJsonString(Readable));
        return envelope;
    }

    /// <summary>An error envelope: <c>{"success":false,"error":{"message":…,"code":"E…"}}</c>.</summary>
    public static Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message) =>
        AssertEnvelopeAsync(response, status, new JsonObject
        {
            ["success"] = false,
            ["error"] = new JsonObject { ["message"] = message, ["code"] = $"E{(int)status}" },
        }.ToJsonString(Readable));

    /// <summary>An error envelope whose message starts with <paramref name="prefix"/> (the rest names a changing cause).</summary>
    public static async Task AssertErrorStartingWithAsync(HttpResponseMessage response, HttpStatusCode status, string prefix)
    {
        var text = await response.Content.ReadAsStringAsync();
        var message = JsonNode.Parse(text)?["error"]?["message"]?.GetValue<string>() ?? string.Empty;
        Assert.StartsWith(prefix, message, StringComparison.Ordinal);
        await AssertErrorAsync(new HttpResponseMessage(response.StatusCode) { Content = new StringContent(text, System.Text.Encoding.UTF8, "application/json") }, status, message);
    }

    [GeneratedRegex(@"\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\z")]
    private static partial Regex PythonIsoTimestamp();
}
