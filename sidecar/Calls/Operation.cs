namespace OdooSidecar.Calls;

/// <summary>What a call does, for the decision and the audit row.</summary>
public enum Operation
{
    /// <summary>Reads records or metadata of a model.</summary>
    Read,

    /// <summary>Creates records.</summary>
    Create,

    /// <summary>Changes records.</summary>
    Write,

    /// <summary>Deletes records.</summary>
    Unlink,

    /// <summary>Any other public model method, such as <c>action_confirm</c>.</summary>
    BusinessMethod,

    /// <summary><c>common.login</c> and <c>common.authenticate</c>.</summary>
    Auth,

    /// <summary>Harmless server facts: <c>version</c>, <c>about</c>, <c>db.list</c> and the like.</summary>
    Meta,

    /// <summary>Database administration: create, drop, dump, restore, ... Always refused.</summary>
    DbAdmin,
}

/// <summary>The per-model flags of <c>mcp_enabled_model</c> an operation needs.</summary>
[Flags]
public enum Permissions
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>allow_read</c>.</summary>
    Read = 1,

    /// <summary><c>allow_create</c>.</summary>
    Create = 2,

    /// <summary><c>allow_write</c>.</summary>
    Write = 4,

    /// <summary><c>allow_unlink</c>.</summary>
    Unlink = 8,

    /// <summary><c>allow_method_calls</c>.</summary>
    MethodCalls = 16,
}

/// <summary>The three XML-RPC services Odoo serves under <c>/xmlrpc/2/</c>.</summary>
public enum Service
{
    /// <summary><c>/xmlrpc/2/common</c>: version and authentication.</summary>
    Common,

    /// <summary><c>/xmlrpc/2/db</c>: database listing and administration.</summary>
    Db,

    /// <summary><c>/xmlrpc/2/object</c>: model methods.</summary>
    Object,
}

/// <summary>Names used on the wire, in faults and in audit rows.</summary>
public static class CallNames
{
    /// <summary>The lower-case name of <paramref name="service"/>.</summary>
    public static string ToWireName(this Service service) => service switch
    {
        Service.Common => "common",
        Service.Db => "db",
        _ => "object",
    };

    /// <summary>The audit spelling of <paramref name="operation"/>: read, create, ..., business_method, db_admin.</summary>
    public static string ToAuditName(this Operation operation) => operation switch
    {
        Operation.Read => "read",
        Operation.Create => "create",
        Operation.Write => "write",
        Operation.Unlink => "unlink",
        Operation.BusinessMethod => "business_method",
        Operation.Auth => "auth",
        Operation.Meta => "meta",
        _ => "db_admin",
    };

    /// <summary>Parses a route segment into a service; false for anything else.</summary>
    public static bool TryParseService(string? name, out Service service)
    {
        switch (name)
        {
            case "common":
                service = Service.Common;
                return true;
            case "db":
                service = Service.Db;
                return true;
            case "object":
                service = Service.Object;
                return true;
            default:
                service = default;
                return false;
        }
    }
}
