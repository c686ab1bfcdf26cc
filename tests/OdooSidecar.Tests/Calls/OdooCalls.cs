using OdooSidecar.XmlRpc;

namespace OdooSidecar.Tests.Calls;

/// <summary>Builds XML-RPC values and calls the way an Odoo client sends them, so tests read like client code.</summary>
internal static class OdooCalls
{
    public const string Database = "odoo";
    public const long Uid = 2;
    public const string ApiKey = "0123456789abcdef0123456789abcdef01234567";

    public static XmlRpcInteger Int(long value) => new(value);

    public static XmlRpcString Str(string value) => new(value);

    public static XmlRpcArray List(params XmlRpcValue[] items) => new(items);

    public static XmlRpcArray Ids(params long[] ids) => new([.. ids.Select(id => (XmlRpcValue)new XmlRpcInteger(id))]);

    public static XmlRpcStruct Dict(params (string Name, XmlRpcValue Value)[] members) =>
        new([.. members.Select(m => KeyValuePair.Create(m.Name, m.Value))]);

    /// <summary><c>execute_kw(db, uid, key, model, method, args, kwargs)</c>.</summary>
    public static XmlRpcCall ExecuteKw(string model, string method, XmlRpcArray args, XmlRpcStruct? kwargs = null) =>
        new("execute_kw", kwargs is null
            ? [Str(Database), Int(Uid), Str(ApiKey), Str(model), Str(method), args]
            : [Str(Database), Int(Uid), Str(ApiKey), Str(model), Str(method), args, kwargs]);

    /// <summary><c>execute(db, uid, key, model, method, *args)</c>.</summary>
    public static XmlRpcCall Execute(string model, string method, params XmlRpcValue[] args) =>
        new("execute", [Str(Database), Int(Uid), Str(ApiKey), Str(model), Str(method), .. args]);

    /// <summary>A call with any parameters, for shapes no client library would send.</summary>
    public static XmlRpcCall Raw(string method, params XmlRpcValue[] parameters) => new(method, parameters);
}
