using System.Text;

namespace OdooSidecar.Benchmarks;

/// <summary>The call the benchmark sends and the answer the upstream gives, byte for byte as Python and Odoo write them.</summary>
internal static class XmlRpcBodies
{
    /// <summary>
    /// <c>execute_kw(db, 2, key, 'res.partner', 'search_read', [[['is_company', '=', True]]], {'fields': ['name'], 'limit': 5})</c>
    /// exactly as <c>xmlrpc.client.dumps(..., 'execute_kw')</c> renders it (Python 3.12).
    /// </summary>
    public static byte[] SearchRead(string database, string apiKey) => Encoding.UTF8.GetBytes($"""
        <?xml version='1.0'?>
        <methodCall>
        <methodName>execute_kw</methodName>
        <params>
        <param>
        <value><string>{database}</string></value>
        </param>
        <param>
        <value><int>2</int></value>
        </param>
        <param>
        <value><string>{apiKey}</string></value>
        </param>
        <param>
        <value><string>res.partner</string></value>
        </param>
        <param>
        <value><string>search_read</string></value>
        </param>
        <param>
        <value><array><data>
        <value><array><data>
        <value><array><data>
        <value><string>is_company</string></value>
        <value><string>=</string></value>
        <value><boolean>1</boolean></value>
        </data></array></value>
        </data></array></value>
        </data></array></value>
        </param>
        <param>
        <value><struct>
        <member>
        <name>fields</name>
        <value><array><data>
        <value><string>name</string></value>
        </data></array></value>
        </member>
        <member>
        <name>limit</name>
        <value><int>5</int></value>
        </member>
        </struct></value>
        </param>
        </params>
        </methodCall>

        """.Replace("\r\n", "\n", StringComparison.Ordinal));

    /// <summary>What Odoo answers to that call on a database with five companies: five <c>{id, name}</c> structs.</summary>
    public static byte[] SearchReadResult()
    {
        var text = new StringBuilder("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n");
        string[] names = ["Azure Interior", "Deco Addict", "Gemini Furniture", "Lumber Inc", "Ready Mat"];
        for (var i = 0; i < names.Length; i++)
        {
            text.Append("<value><struct>\n<member>\n<name>id</name>\n<value><int>")
                .Append(10 + i)
                .Append("</int></value>\n</member>\n<member>\n<name>name</name>\n<value><string>")
                .Append(names[i])
                .Append("</string></value>\n</member>\n</struct></value>\n");
        }

        text.Append("</data></array></value>\n</param>\n</params>\n</methodResponse>\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
