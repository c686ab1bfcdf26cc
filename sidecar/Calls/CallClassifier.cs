using System.Globalization;
using OdooSidecar.XmlRpc;

namespace OdooSidecar.Calls;

/// <summary>Turns a parsed XML-RPC call into a <see cref="ClassifiedCall"/>. Pure: no I/O.</summary>
public static class CallClassifier
{
    /// <summary>Where the model method's own arguments start in an object call's parameters.</summary>
    public const int ObjectArgumentsIndex = 5;

    private const int ObjectPasswordIndex = 2;

    /// <summary>Classifies <paramref name="call"/>, posted to <paramref name="service"/>.</summary>
    public static ClassifiedCall Classify(Service service, XmlRpcCall call) => service switch
    {
        Service.Common => ClassifyCommon(call),
        Service.Db => ClassifyDb(call),
        _ => ClassifyObject(call),
    };

    private static ClassifiedCall ClassifyCommon(XmlRpcCall call)
    {
        var p = call.Params;
        return call.MethodName switch
        {
            "version" or "about" => new() { Service = Service.Common, ServiceMethod = call.MethodName, Operation = Operation.Meta },

            // login(db, login, password) and authenticate(db, login, password, user_agent_env)
            "login" or "authenticate" => new()
            {
                Service = Service.Common,
                ServiceMethod = call.MethodName,
                Operation = Operation.Auth,
                Database = p.ElementAtOrDefault(0).AsString(),
                Login = p.ElementAtOrDefault(1).AsString(),
                Secret = p.ElementAtOrDefault(2).AsString(),
                SecretIndex = 2,
                Problem = p.Count >= 3 && p[0] is XmlRpcString && p[1] is XmlRpcString && p[2] is XmlRpcString
                    ? null
                    : $"common.{call.MethodName} takes (db, login, password) as strings.",
            },
            _ => Unsupported(Service.Common, call.MethodName, Operation.Meta),
        };
    }

    private static ClassifiedCall ClassifyDb(XmlRpcCall call) => call.MethodName switch
    {
        "list" or "db_exist" or "server_version" or "list_lang" or "list_countries" => new()
        {
            Service = Service.Db,
            ServiceMethod = call.MethodName,
            Operation = Operation.Meta,
            Database = call.MethodName == "db_exist" ? call.Params.ElementAtOrDefault(0).AsString() : null,
        },

        // create_database, duplicate_database, drop, dump, restore, rename, change_admin_password, migrate_databases...
        // all take the master password first.
        _ => new()
        {
            Service = Service.Db,
            ServiceMethod = call.MethodName,
            Operation = Operation.DbAdmin,
            SecretIndex = 0,
        },
    };

    private static ClassifiedCall ClassifyObject(XmlRpcCall call)
    {
        if (call.MethodName is not ("execute_kw" or "execute"))
        {
            return Unsupported(Service.Object, call.MethodName, Operation.BusinessMethod);
        }

        // execute_kw(db, uid, password, model, method, args=[], kwargs={})
        // execute(db, uid, password, model, method, *args)
        var p = call.Params;
        var model = p.ElementAtOrDefault(3).AsString();
        var method = p.ElementAtOrDefault(4).AsString();
        var (operation, required) = method is null ? (Operation.BusinessMethod, Permissions.MethodCalls) : ModelMethods.Classify(method);
        var classified = new ClassifiedCall
        {
            Service = Service.Object,
            ServiceMethod = call.MethodName,
            Operation = operation,
            Required = required,
            Database = p.ElementAtOrDefault(0).AsString(),
            Uid = ParseUid(p.ElementAtOrDefault(1)),
            Secret = p.ElementAtOrDefault(ObjectPasswordIndex).AsString(),
            SecretIndex = ObjectPasswordIndex,
            Model = model,
            Method = method,
        };

        if (p.Count < 5 || classified.Database is null || classified.Uid is null || classified.Secret is null || model is null || method is null)
        {
            return classified with
            {
                Problem = $"object.{call.MethodName} takes (db, uid, password, model, method, ...): db, password, model and method as strings and uid as an integer.",
            };
        }

        IReadOnlyList<XmlRpcValue> args;
        XmlRpcStruct? kwargs = null;
        if (call.MethodName == "execute_kw")
        {
            if (p.Count > 7 || p.ElementAtOrDefault(ObjectArgumentsIndex) is not (null or XmlRpcArray) || p.ElementAtOrDefault(6) is not (null or XmlRpcStruct or XmlRpcNil))
            {
                return classified with { Problem = "object.execute_kw takes (db, uid, password, model, method, args as an array, kwargs as a struct)." };
            }

            args = (p.ElementAtOrDefault(ObjectArgumentsIndex) as XmlRpcArray)?.Items ?? [];
            kwargs = p.ElementAtOrDefault(6) as XmlRpcStruct;
        }
        else
        {
            args = p.Skip(ObjectArgumentsIndex).ToList();
        }

        var values = ValuesOf(method, args, kwargs);
        var defaults = ContextDefaultsOf(kwargs);
        if (required.HasFlag(Permissions.Create) && defaults is not null)
        {
            values.Add(defaults);
        }

        return classified with
        {
            RecordIds = RecordIdsOf(args.ElementAtOrDefault(0)),
            Values = values,
            ContextDefaults = required.HasFlag(Permissions.Write) ? defaults : null,
        };
    }

    /// <summary>The dicts a method stores: where x2many commands can reach other models.</summary>
    private static List<XmlRpcStruct> ValuesOf(string method, IReadOnlyList<XmlRpcValue> args, XmlRpcStruct? kwargs)
    {
        var values = method switch
        {
            "create" => args.ElementAtOrDefault(0) ?? kwargs?["vals_list"] ?? kwargs?["vals"],
            "write" or "web_save" => args.ElementAtOrDefault(1) ?? kwargs?["vals"],
            "copy" => args.ElementAtOrDefault(1) ?? kwargs?["default"],
            "load" => ImportedValuesOf(args.ElementAtOrDefault(0) ?? kwargs?["fields"]),
            _ => null,
        };
        return values switch
        {
            XmlRpcStruct single => [single],
            XmlRpcArray many => many.Items.OfType<XmlRpcStruct>().ToList(),
            _ => [],
        };
    }

    /// <summary>
    /// <c>load(fields, data)</c> reaches other models through its column names: <c>order_line/name</c> creates or
    /// updates order lines, a bare <c>order_line</c> links existing ones. Spelled as the commands that do the same,
    /// the columns go through the x2many walk like any other values.
    /// </summary>
    private static XmlRpcStruct? ImportedValuesOf(XmlRpcValue? fields) => fields is XmlRpcArray columns
        ? ImportCommands([.. columns.Items.Select(c => c.AsString()).OfType<string>().Select(c => c.Split('/'))])
        : null;

    private static XmlRpcStruct ImportCommands(IReadOnlyList<string[]> paths) => new([.. paths
        .GroupBy(path => path[0], StringComparer.Ordinal)
        .Select(column =>
        {
            var deeper = column.Where(path => path.Length > 1).Select(path => path[1..]).ToList();
            var nested = ImportCommands(deeper);
            XmlRpcValue commands = new XmlRpcArray(deeper.Count == 0
                ? [new XmlRpcArray([new XmlRpcInteger(4), new XmlRpcInteger(0)])]
                : [new XmlRpcArray([new XmlRpcInteger(0), new XmlRpcInteger(0), nested]), new XmlRpcArray([new XmlRpcInteger(1), new XmlRpcInteger(0), nested])]);
            return KeyValuePair.Create(column.Key, commands);
        })]);

    /// <summary>
    /// <c>default_&lt;field&gt;</c> keys of the context become values of created records, x2many commands included.
    /// </summary>
    private static XmlRpcStruct? ContextDefaultsOf(XmlRpcStruct? kwargs)
    {
        if (kwargs?["context"] is not XmlRpcStruct context)
        {
            return null;
        }

        var defaults = context.Members
            .Where(m => m.Key.StartsWith("default_", StringComparison.Ordinal))
            .Select(m => new KeyValuePair<string, XmlRpcValue>(m.Key["default_".Length..], m.Value))
            .ToList();
        return defaults.Count == 0 ? null : new XmlRpcStruct(defaults);
    }

    private static List<long> RecordIdsOf(XmlRpcValue? first) => first switch
    {
        XmlRpcInteger id => [id.Value],
        XmlRpcArray ids when ids.Items.Count > 0 && ids.Items.All(i => i is XmlRpcInteger) =>
            ids.Items.Select(i => ((XmlRpcInteger)i).Value).ToList(),
        _ => [],
    };

    /// <summary>Odoo runs <c>int(uid)</c>: an integer or its decimal text.</summary>
    private static long? ParseUid(XmlRpcValue? value) => value switch
    {
        XmlRpcInteger i => i.Value,
        XmlRpcString s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var uid) => uid,
        _ => null,
    };

    private static ClassifiedCall Unsupported(Service service, string method, Operation operation) => new()
    {
        Service = service,
        ServiceMethod = method,
        Operation = operation,
        Problem = $"{service.ToWireName()}.{method} is not available through OdooSidecar.",
    };
}
