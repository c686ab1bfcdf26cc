using OdooSidecar.Calls;
using OdooSidecar.Identity;
using OdooSidecar.Policy;
using OdooSidecar.XmlRpc;
using static OdooSidecar.Tests.Calls.OdooCalls;

namespace OdooSidecar.Tests.Policy;

public sealed class CallDecisionTests
{
    private const Permissions All = Permissions.Read | Permissions.Create | Permissions.Write | Permissions.Unlink | Permissions.MethodCalls;

    private static readonly IdentityCheck Agent = IdentityCheck.Verified(new Caller(Uid, "agent@example.com", "agent key", IsMcpUser: true));

    private static readonly DeniedModels Denied = DeniedModels.LoadShipped();

    private static readonly Dictionary<string, Permissions> EnabledModels = new()
    {
        ["res.partner"] = Permissions.Read,
        ["sale.order"] = Permissions.Read | Permissions.Create | Permissions.Write,
        ["sale.order.line"] = Permissions.Read | Permissions.Create,
        ["crm.tag"] = Permissions.Read,
        ["account.move"] = All,
        ["res.users"] = Permissions.Read | Permissions.Write,
        ["res.groups"] = All,
        ["ir.cron"] = All,
        ["ir.actions.server"] = All,
    };

    private static readonly Dictionary<(string Model, string Field), X2ManyField> Fields = new()
    {
        [("sale.order", "order_line")] = new(IsOne2Many: true, "sale.order.line"),
        [("sale.order", "tag_ids")] = new(IsOne2Many: false, "crm.tag"),
        [("sale.order.line", "tax_id")] = new(IsOne2Many: false, "account.tax"),
        [("res.users", "groups_id")] = new(IsOne2Many: false, "res.groups"),
    };

    [Theory]
    [InlineData(Permissions.Read, "search_read", true)]
    [InlineData(Permissions.None, "search_read", false)]
    [InlineData(Permissions.Write, "search_read", false)]
    [InlineData(Permissions.Create, "create", true)]
    [InlineData(Permissions.Read | Permissions.Write, "create", false)]
    [InlineData(Permissions.Create, "copy", true)]
    [InlineData(Permissions.Write, "write", true)]
    [InlineData(Permissions.Read | Permissions.Create, "write", false)]
    [InlineData(Permissions.Write, "action_archive", true)]
    [InlineData(Permissions.Unlink, "unlink", true)]
    [InlineData(Permissions.Read | Permissions.Create | Permissions.Write, "unlink", false)]
    [InlineData(Permissions.Create | Permissions.Write, "web_save", true)]
    [InlineData(Permissions.Write, "web_save", false)]
    [InlineData(Permissions.MethodCalls, "message_post", true)]
    [InlineData(Permissions.Read | Permissions.Create | Permissions.Write | Permissions.Unlink, "message_post", false)]
    public void Each_operation_needs_its_own_flag_on_the_model(Permissions granted, string method, bool allowed)
    {
        var policy = Policy(enabled: new() { ["res.partner"] = granted });

        var decision = Decide(ExecuteKw("res.partner", method, List(Ids(1))), policy);

        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Equal(Decision.AccessErrorCode, decision.FaultCode);
            Assert.StartsWith($"{Capitalized(method)} on 'res.partner' is refused: 'res.partner' does not allow ", decision.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_refusal_names_every_missing_flag() =>
        Assert.Equal(
            "Web_save on 'res.partner' is refused: 'res.partner' does not allow create and write for AI agents (MCP).",
            Decide(ExecuteKw("res.partner", "web_save", List(Ids(1), Dict())), Policy()).Message);

    [Fact]
    public void Allowed_reads_and_changes_are_audited_under_their_own_event_types()
    {
        Assert.Equal(Decision.Allow(AuditEvents.ModelAccess), Decide(ExecuteKw("account.move", "search_read", List(List()))));
        Assert.Equal(Decision.Allow(AuditEvents.WriteOperation), Decide(ExecuteKw("account.move", "unlink", List(Ids(1)))));
        Assert.Equal(Decision.Allow(AuditEvents.WriteOperation), Decide(ExecuteKw("account.move", "action_post", List(Ids(1)))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("False")]
    [InlineData("0")]
    [InlineData("")]
    public void With_the_global_switch_off_everything_is_refused(string? enabled)
    {
        var settings = enabled is null ? new Dictionary<string, string>() : new() { [SettingKeys.Enabled] = enabled };
        var policy = Policy(settings);

        XmlRpcCall[] objectCalls = [ExecuteKw("account.move", "search_read", List(List())), ExecuteKw("account.move", "create", List(Dict()))];
        Assert.All(objectCalls, call => AssertSwitchedOff(Decide(call, policy)));
        AssertSwitchedOff(CallDecision.Decide(CallClassifier.Classify(Service.Common, Raw("version")), IdentityCheck.NotNeeded, policy, true));
        AssertSwitchedOff(CallDecision.Decide(CallClassifier.Classify(Service.Db, Raw("list")), IdentityCheck.NotNeeded, policy, true));
        AssertSwitchedOff(CallDecision.Decide(Login("agent@example.com"), Agent, policy, true));
    }

    [Theory]
    [InlineData("True")]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData(" True ")]
    public void The_global_switch_is_on_for_the_values_Odoo_stores(string enabled) =>
        Assert.True(Decide(ExecuteKw("res.partner", "search", List(List())), Policy(new() { [SettingKeys.Enabled] = enabled })).IsAllowed);

    [Fact]
    public void A_model_without_an_enabled_row_is_refused()
    {
        var decision = Decide(ExecuteKw("product.product", "search_read", List(List())));

        Assert.Equal(
            Decision.AccessError("Search_read on 'product.product' is refused: model 'product.product' is not enabled for AI agents (MCP)."),
            decision);
    }

    [Theory]
    [InlineData("res.groups", "search_read")]
    [InlineData("res.groups", "write")]
    [InlineData("ir.cron", "method_direct_trigger")]
    [InlineData("ir.actions.server", "run")]
    public void A_denylisted_model_is_refused_even_when_enabled_with_every_flag(string model, string method)
    {
        var decision = Decide(ExecuteKw(model, method, List(Ids(1))));

        Assert.Equal(Decision.AccessErrorCode, decision.FaultCode);
        Assert.Equal(
            $"{Capitalized(method)} on '{model}' is refused: '{model}' is a protected model that AI agents can never reach.",
            decision.Message);
    }

    [Theory]
    [InlineData("_post")]
    [InlineData("_read")]
    [InlineData("__init__")]
    public void A_private_method_is_refused_even_on_a_model_that_allows_everything(string method)
    {
        var decision = Decide(ExecuteKw("account.move", method, List(Ids(1))));

        Assert.Equal(
            Decision.AccessError($"Private method '{method}' of 'account.move' cannot be called through OdooSidecar."),
            decision);
    }

    public static TheoryData<string, XmlRpcStruct, string?> IndirectAccess => new()
    {
        { "create lines the line model may create", Dict(("order_line", List(List(Int(0), Int(0), Dict(("name", Str("line"))))))), null },
        { "update lines the line model may not write", Dict(("order_line", List(List(Int(1), Int(5), Dict(("name", Str("x"))))))), "Write on 'sale.order' through field 'order_line' is refused: 'sale.order.line' does not allow write" },
        { "delete lines the line model may not delete", Dict(("order_line", List(List(Int(2), Int(5))))), "Write on 'sale.order' through field 'order_line' is refused: 'sale.order.line' does not allow delete" },
        { "create a tag the tag model may not create", Dict(("tag_ids", List(List(Int(0), Int(0), Dict(("name", Str("vip"))))))), "Write on 'sale.order' through field 'tag_ids' is refused: 'crm.tag' does not allow create" },
        { "link existing tags", Dict(("tag_ids", List(List(Int(4), Int(3)), List(Int(6), Int(0), Ids(3, 4))))), null },
        { "create a tax two levels down", Dict(("order_line", List(List(Int(0), Int(0), Dict(("tax_id", List(List(Int(0), Int(0), Dict())))))))), "Write on 'sale.order' through field 'order_line.tax_id' is refused: model 'account.tax' is not enabled" },
        { "create a tag with False as the command number", Dict(("tag_ids", List(List(XmlRpcBoolean.False, Int(0), Dict())))), "Write on 'sale.order' through field 'tag_ids' is refused: 'crm.tag' does not allow create" },
        { "create a tag with 0.0 as the command number", Dict(("tag_ids", List(List(new XmlRpcDouble(0), Int(0), Dict())))), "Write on 'sale.order' through field 'tag_ids' is refused: 'crm.tag' does not allow create" },
    };

    [Theory]
    [MemberData(nameof(IndirectAccess))]
    public void X2many_commands_need_the_comodel_enabled_for_what_they_do(string what, XmlRpcStruct vals, string? refusal)
    {
        var decision = Decide(ExecuteKw("sale.order", "write", List(Ids(1), vals)));

        Assert.True(decision.IsAllowed == refusal is null, $"{what}: {decision}");
        if (refusal is not null)
        {
            Assert.Equal(Decision.AccessErrorCode, decision.FaultCode);
            Assert.StartsWith(refusal, decision.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Creating_a_protected_model_through_an_x2many_is_refused_but_linking_is_left_to_Odoo()
    {
        var create = Decide(ExecuteKw("res.users", "write", List(Ids(Uid), Dict(("groups_id", List(List(Int(0), Int(0), Dict(("name", Str("admins"))))))))));
        var link = Decide(ExecuteKw("res.users", "write", List(Ids(Uid), Dict(("groups_id", List(List(Int(4), Int(1))))))));

        Assert.Equal(
            Decision.AccessError("Write on 'res.users' through field 'groups_id' is refused: 'res.groups' is a protected model that AI agents can never reach."),
            create);
        Assert.True(link.IsAllowed);
    }

    [Fact]
    public void Context_defaults_of_a_create_are_checked_like_its_values()
    {
        var context = Dict(("context", Dict(("default_tag_ids", List(List(Int(0), Int(0), Dict(("name", Str("vip")))))))));

        var decision = Decide(ExecuteKw("sale.order", "create", List(Dict(("name", Str("SO")))), context));

        Assert.Equal(Decision.AccessErrorCode, decision.FaultCode);
        Assert.StartsWith("Create on 'sale.order' through field 'tag_ids' is refused: 'crm.tag' does not allow create", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_defaults_of_a_write_are_checked_on_the_records_its_commands_create()
    {
        var context = Dict(("context", Dict(("default_tax_id", List(List(Int(0), Int(0), Dict(("name", Str("0%")))))))));
        var vals = Dict(("order_line", List(List(Int(0), Int(0), Dict(("name", Str("line")))))));

        var decision = Decide(ExecuteKw("sale.order", "write", List(Ids(1), vals), context));

        Assert.Equal(
            Decision.AccessError("Write on 'sale.order' through field 'order_line.default_tax_id' is refused: model 'account.tax' is not enabled for AI agents (MCP)."),
            decision);
    }

    [Fact]
    public void An_import_through_an_x2many_column_needs_the_comodel_create_and_write()
    {
        var decision = Decide(ExecuteKw("sale.order", "load", List(
            List(Str("name"), Str("order_line/name")),
            List(List(Str("SO"), Str("line"))))));

        Assert.Equal(Decision.AccessErrorCode, decision.FaultCode);
        Assert.StartsWith("Load on 'sale.order' through field 'order_line' is refused: 'sale.order.line' does not allow write", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_Odoo_would_not_understand_make_a_malformed_call()
    {
        var decision = Decide(ExecuteKw("sale.order", "write", List(Ids(1), Dict(("tag_ids", List(Str("vip")))))));

        Assert.Equal(Decision.BadCallCode, decision.FaultCode);
        Assert.Equal(AuditEvents.Error, decision.EventType);
        Assert.StartsWith("write on 'sale.order': Field 'tag_ids' holds vip", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_call_is_refused_with_code_1_before_any_other_rule()
    {
        var call = CallClassifier.Classify(Service.Object, Raw("execute_kw", Str(Database), Str("admin"), Str(ApiKey), Str("res.partner"), Str("search"), List()));

        var decision = CallDecision.Decide(call, IdentityCheck.NotNeeded, Policy(new()), databaseServed: false);

        Assert.Equal(Decision.BadCall(call.Problem!), decision);
    }

    [Fact]
    public void A_key_of_another_user_than_the_uid_is_refused_as_access_denied()
    {
        var someoneElse = IdentityCheck.Verified(new Caller(Uid + 1, "other@example.com", "other key", IsMcpUser: true));

        var decision = Decide(ExecuteKw("res.partner", "search", List(List())), identity: someoneElse);

        Assert.Equal(Decision.AccessDenied($"the credential belongs to user {Uid + 1}, not to uid {Uid}"), decision);
        Assert.Equal("Access Denied", decision.Message);
        Assert.Equal(AuditEvents.AuthFailure, decision.EventType);
    }

    [Fact]
    public void A_refused_or_missing_credential_is_access_denied()
    {
        var refused = Decide(ExecuteKw("res.partner", "search", List(List())), identity: IdentityCheck.Refused("not a valid API key"));
        var missing = Decide(ExecuteKw("res.partner", "search", List(List())), identity: IdentityCheck.NotNeeded);

        Assert.Equal(Decision.AccessDenied("not a valid API key"), refused);
        Assert.Equal(Decision.AccessDenied("no credential"), missing);
    }

    [Fact]
    public void A_user_outside_the_MCP_User_group_is_refused_for_model_calls_and_login()
    {
        var outsider = IdentityCheck.Verified(new Caller(Uid, "agent@example.com", "agent key", IsMcpUser: false));

        var read = Decide(ExecuteKw("account.move", "search", List(List())), identity: outsider);
        var login = CallDecision.Decide(Login("agent@example.com"), outsider, Policy(), true);

        Assert.All([read, login], decision =>
        {
            Assert.Equal(Decision.AccessErrorCode, decision.FaultCode);
            Assert.Contains("\"MCP User\"", decision.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_database_the_sidecar_does_not_serve_is_refused()
    {
        var decision = CallDecision.Decide(
            CallClassifier.Classify(Service.Object, ExecuteKw("res.partner", "search", List(List()))), Agent, Policy(), databaseServed: false);

        Assert.Equal(Decision.AccessError($"Database '{Database}' is not served to AI agents."), decision);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("odoo", true)]
    [InlineData("staging, odoo", true)]
    [InlineData("staging", false)]
    [InlineData("odoo_test", false)]
    public void Allowed_databases_narrow_the_served_ones_when_set(string allowedDatabases, bool allowed)
    {
        var policy = Policy(new() { [SettingKeys.Enabled] = "True", [SettingKeys.AllowedDatabases] = allowedDatabases });

        var read = Decide(ExecuteKw("res.partner", "search", List(List())), policy);
        var exists = CallDecision.Decide(CallClassifier.Classify(Service.Db, Raw("db_exist", Str(Database))), IdentityCheck.NotNeeded, policy, true);

        Assert.All([read, exists], decision => Assert.Equal(allowed ? 0 : Decision.AccessErrorCode, decision.FaultCode));
    }

    [Theory]
    [InlineData("drop")]
    [InlineData("dump")]
    [InlineData("create_database")]
    [InlineData("change_admin_password")]
    public void Database_administration_is_always_refused(string method)
    {
        var call = CallClassifier.Classify(Service.Db, Raw(method, Str("master"), Str(Database)));

        var decision = CallDecision.Decide(call, IdentityCheck.NotNeeded, Policy(), databaseServed: true);

        Assert.Equal(Decision.AccessError($"db.{method} (database administration) is never allowed through OdooSidecar."), decision);
    }

    [Theory]
    [InlineData(Service.Common, "version")]
    [InlineData(Service.Common, "about")]
    [InlineData(Service.Db, "list")]
    [InlineData(Service.Db, "server_version")]
    [InlineData(Service.Db, "list_lang")]
    public void Server_facts_are_allowed_without_a_credential(Service service, string method) =>
        Assert.Equal(
            Decision.Allow(AuditEvents.ResourceRetrieval),
            CallDecision.Decide(CallClassifier.Classify(service, Raw(method)), IdentityCheck.NotNeeded, Policy(), databaseServed: true));

    [Fact]
    public void Login_with_the_key_of_the_named_user_succeeds() =>
        Assert.Equal(Decision.Allow(AuditEvents.AuthSuccess), CallDecision.Decide(Login("agent@example.com"), Agent, Policy(), true));

    [Fact]
    public void Login_with_someone_elses_key_is_access_denied() =>
        Assert.Equal(
            Decision.AccessDenied("the credential belongs to 'agent@example.com', not to 'admin'"),
            CallDecision.Decide(Login("admin"), Agent, Policy(), true));

    [Fact]
    public void Login_with_a_refused_key_is_access_denied() =>
        Assert.Equal(
            Decision.AccessDenied("not a valid API key"),
            CallDecision.Decide(Login("agent@example.com"), IdentityCheck.Refused("not a valid API key"), Policy(), true));

    private static void AssertSwitchedOff(Decision decision) =>
        Assert.Equal(Decision.AccessError("AI agent access (MCP) is switched off in this Odoo's settings."), decision);

    private static ClassifiedCall Login(string login) =>
        CallClassifier.Classify(Service.Common, Raw("authenticate", Str(Database), Str(login), Str(ApiKey), Dict()));

    private static Decision Decide(XmlRpcCall call, PolicySnapshot? policy = null, IdentityCheck? identity = null) =>
        CallDecision.Decide(CallClassifier.Classify(Service.Object, call), identity ?? Agent, policy ?? Policy(), databaseServed: true);

    private static PolicySnapshot Policy(Dictionary<string, string>? settings = null, Dictionary<string, Permissions>? enabled = null) =>
        new(settings ?? new() { [SettingKeys.Enabled] = "True" }, enabled ?? EnabledModels, Fields, Denied);

    private static string Capitalized(string method) => char.ToUpperInvariant(method[0]) + method[1..];
}
