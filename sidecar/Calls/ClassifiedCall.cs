using OdooSidecar.XmlRpc;

namespace OdooSidecar.Calls;

/// <summary>
/// A parsed call, understood: which service and method, what it does, on which model and with which credentials.
/// <see cref="Problem"/> is set when the call's shape is wrong for its method; such calls are refused.
/// </summary>
public sealed record ClassifiedCall
{
    /// <summary>The service the call was posted to.</summary>
    public required Service Service { get; init; }

    /// <summary>The XML-RPC method name: <c>execute_kw</c>, <c>authenticate</c>, <c>list</c>, ...</summary>
    public required string ServiceMethod { get; init; }

    /// <summary>What the call does.</summary>
    public required Operation Operation { get; init; }

    /// <summary>The flags of <c>mcp_enabled_model</c> the call needs on <see cref="Model"/>.</summary>
    public Permissions Required { get; init; }

    /// <summary>The call's database argument, when the method takes one.</summary>
    public string? Database { get; init; }

    /// <summary>The user id the caller claims (object calls).</summary>
    public long? Uid { get; init; }

    /// <summary>The login the caller claims (<c>common.login</c>, <c>common.authenticate</c>).</summary>
    public string? Login { get; init; }

    /// <summary>The API key or password. Never logged, never audited.</summary>
    public string? Secret { get; init; }

    /// <summary>The model of an object call.</summary>
    public string? Model { get; init; }

    /// <summary>The model method of an object call.</summary>
    public string? Method { get; init; }

    /// <summary>Record ids the call names, when its first argument is an id or a list of ids.</summary>
    public IReadOnlyList<long> RecordIds { get; init; } = [];

    /// <summary>The values of create, write, copy and web_save: the place x2many commands hide in.</summary>
    public IReadOnlyList<XmlRpcStruct> Values { get; init; } = [];

    /// <summary>
    /// The context's <c>default_&lt;field&gt;</c> values of a write, prefix removed: Odoo applies them to every record
    /// the write's x2many commands create, on whatever model has that field.
    /// </summary>
    public XmlRpcStruct? ContextDefaults { get; init; }

    /// <summary>Where the password sits in <see cref="XmlRpcCall.Params"/>, so audit rows can leave it out.</summary>
    public int SecretIndex { get; init; } = -1;

    /// <summary>Why the call cannot be understood, or null.</summary>
    public string? Problem { get; init; }

    /// <summary>The method as one readable name: <c>res.partner.search_read</c>, <c>common.version</c>.</summary>
    public string DisplayName => Model is null ? $"{Service.ToWireName()}.{ServiceMethod}" : $"{Model}.{Method}";
}
