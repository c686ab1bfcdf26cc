using System.Collections.Frozen;

namespace OdooSidecar.Calls;

/// <summary>
/// Which Odoo ORM methods read, create, change or delete, from the public methods of <c>BaseModel</c>
/// (Odoo 17, with the 18 additions). Anything public that is not listed is a business method.
/// </summary>
public static class ModelMethods
{
    private static readonly FrozenSet<string> ReadMethods = FrozenSet.ToFrozenSet(
    [
        "search", "search_read", "search_count", "read", "fields_get", "name_search", "name_get", "default_get",
        "read_group", "formatted_read_group", "web_read", "web_search_read", "web_read_group", "web_name_search",
        "check_access_rights", "check_access_rule", "check_field_access_rights", "has_access", "has_field_access",
        "get_views", "get_view", "load_views", "fields_view_get", "exists", "get_metadata", "get_external_id",
        "user_has_groups", "read_progress_bar", "export_data", "get_formview_id", "get_formview_action", "onchange",
        "copy_data", "search_panel_select_range", "search_panel_select_multi_range", "get_empty_list_help",
        "name_search_count",
    ]);

    private static readonly FrozenSet<string> CreateMethods = FrozenSet.ToFrozenSet(["create", "copy", "name_create"]);

    private static readonly FrozenSet<string> WriteMethods = FrozenSet.ToFrozenSet(
        ["write", "action_archive", "action_unarchive", "toggle_active", "update_field_translations"]);

    /// <summary>Classifies a model method into its operation and the flags it needs on that model.</summary>
    public static (Operation Operation, Permissions Required) Classify(string method)
    {
        if (ReadMethods.Contains(method))
        {
            return (Operation.Read, Permissions.Read);
        }

        if (CreateMethods.Contains(method))
        {
            return (Operation.Create, Permissions.Create);
        }

        if (WriteMethods.Contains(method))
        {
            return (Operation.Write, Permissions.Write);
        }

        return method switch
        {
            "unlink" => (Operation.Unlink, Permissions.Unlink),

            // web_save creates when given no ids and writes otherwise; load imports, creating or updating rows.
            "web_save" or "load" => (Operation.Write, Permissions.Create | Permissions.Write),
            _ => (Operation.BusinessMethod, Permissions.MethodCalls),
        };
    }

    /// <summary>Odoo refuses these over RPC; so do we, before any policy lookup.</summary>
    public static bool IsPrivate(string method) => method.StartsWith('_');
}
