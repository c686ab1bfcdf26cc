using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OdooSidecar.Rest;

/// <summary>
/// The answer shape of the <c>mcp_server</c> addon's REST routes, kept so its clients read us unchanged:
/// <c>{success, data | error: {message, code}, meta: {timestamp}}</c>.
/// </summary>
/// <typeparam name="T">The route's <c>data</c>.</typeparam>
internal sealed record RestEnvelope<T>(
    bool Success,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] T? Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RestError? Error,
    RestMeta Meta)
    where T : class;

/// <summary>Why a REST call failed: a message for people and <c>E&lt;HTTP status&gt;</c>.</summary>
internal sealed record RestError(string Message, string Code);

/// <summary>When the answer was made, as the addon writes it (Python's naive UTC <c>isoformat()</c>).</summary>
internal sealed record RestMeta(string Timestamp)
{
    /// <summary>
    /// <c>datetime.utcnow().isoformat()</c>: <c>2026-05-12T10:11:12.345678</c>, no zone, the fraction in
    /// microseconds and left out when it is zero.
    /// </summary>
    public static RestMeta At(DateTime utc)
    {
        var seconds = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var microseconds = utc.Ticks % TimeSpan.TicksPerSecond / (TimeSpan.TicksPerMillisecond / 1000);
        return new(microseconds == 0 ? seconds : $"{seconds}.{microseconds.ToString("D6", CultureInfo.InvariantCulture)}");
    }
}

/// <summary><c>GET /mcp/health</c>.</summary>
internal sealed record HealthData(string Status, string McpServerVersion);

/// <summary><c>GET /mcp/auth/validate</c>; <c>user_id</c> is the uid the client sends in every later call.</summary>
internal sealed record KeyValidationData(bool Valid, long UserId, string AuthMethod);

/// <summary><c>GET /mcp/models</c>.</summary>
internal sealed record EnabledModelsData(IReadOnlyList<EnabledModelEntry> Models);

/// <summary>One enabled model: its technical and its display name.</summary>
internal sealed record EnabledModelEntry(string Model, string Name);

/// <summary><c>GET /mcp/models/{model}/access</c>.</summary>
internal sealed record ModelAccessData(string Model, bool Enabled, ModelOperations Operations);

/// <summary>The four CRUD flags of an enabled model.</summary>
internal sealed record ModelOperations(bool Read, bool Create, bool Write, bool Unlink);

/// <summary><c>GET /mcp/system/info</c>.</summary>
internal sealed record SystemInfoData(
    string DbName,
    string OdooVersion,
    string Language,
    int EnabledMcpModels,
    string McpServerVersion,
    string ServerTimezone);

/// <summary>The <c>data</c> of an answer that has none (an error raised outside a route's own checks).</summary>
internal sealed record NoData;

/// <summary>Compile-time JSON for the REST answers, in the addon's snake_case names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RestEnvelope<HealthData>))]
[JsonSerializable(typeof(RestEnvelope<KeyValidationData>))]
[JsonSerializable(typeof(RestEnvelope<EnabledModelsData>))]
[JsonSerializable(typeof(RestEnvelope<ModelAccessData>))]
[JsonSerializable(typeof(RestEnvelope<SystemInfoData>))]
[JsonSerializable(typeof(RestEnvelope<NoData>))]
internal sealed partial class RestJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Writes quotes, <c>+</c> and non-ASCII text as they are, like the addon's <c>json.dumps(ensure_ascii=False)</c>;
    /// the answers are <c>application/json</c>, never embedded in HTML.
    /// </summary>
    public static RestJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
