namespace OdooSidecar.IntegrationTests.Rest;

/// <summary>Answers as Odoo 17 writes them (Python's <c>xmlrpc.client.dumps(..., methodresponse=True)</c>).</summary>
internal static class OdooAnswers
{
    /// <summary><c>common.version()</c> of Odoo 17.</summary>
    public static readonly string Version = Struct(
        ("server_version", "<string>17.0</string>"),
        ("server_version_info", "<array><data>\n<value><int>17</int></value>\n<value><int>0</int></value>\n<value><int>0</int></value>\n<value><string>final</string></value>\n<value><int>0</int></value>\n<value><string></string></value>\n</data></array>"),
        ("server_serie", "<string>17.0</string>"),
        ("protocol_version", "<int>1</int>"));

    /// <summary>A result holding one value, e.g. <c>&lt;int&gt;42&lt;/int&gt;</c>.</summary>
    public static string Result(string value) =>
        $"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>{value}</value>\n</param>\n</params>\n</methodResponse>\n";

    /// <summary>A struct result, members in order.</summary>
    public static string Struct(params (string Name, string Value)[] members) => Result(StructValue(members));

    /// <summary>A struct value, members in order.</summary>
    public static string StructValue(params (string Name, string Value)[] members) =>
        "<struct>\n" + string.Concat(members.Select(m => $"<member>\n<name>{m.Name}</name>\n<value>{m.Value}</value>\n</member>\n")) + "</struct>";

    /// <summary>An array value.</summary>
    public static string ArrayValue(params string[] values) =>
        "<array><data>\n" + string.Concat(values.Select(v => $"<value>{v}</value>\n")) + "</data></array>";

    /// <summary>A fault, as Odoo's <c>/xmlrpc/2</c> answers one.</summary>
    public static string Fault(int code, string message) =>
        $"<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>{code}</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>{message}</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n";
}
