using OdooSidecar.Calls;
using OdooSidecar.XmlRpc;
using static OdooSidecar.Tests.Calls.OdooCalls;

namespace OdooSidecar.Tests.Calls;

public sealed class CallClassifierTests
{
    [Theory]
    [InlineData("search", Operation.Read, Permissions.Read)]
    [InlineData("search_read", Operation.Read, Permissions.Read)]
    [InlineData("read", Operation.Read, Permissions.Read)]
    [InlineData("search_count", Operation.Read, Permissions.Read)]
    [InlineData("fields_get", Operation.Read, Permissions.Read)]
    [InlineData("name_search", Operation.Read, Permissions.Read)]
    [InlineData("default_get", Operation.Read, Permissions.Read)]
    [InlineData("read_group", Operation.Read, Permissions.Read)]
    [InlineData("formatted_read_group", Operation.Read, Permissions.Read)]
    [InlineData("web_read", Operation.Read, Permissions.Read)]
    [InlineData("web_search_read", Operation.Read, Permissions.Read)]
    [InlineData("check_access_rights", Operation.Read, Permissions.Read)]
    [InlineData("has_access", Operation.Read, Permissions.Read)]
    [InlineData("create", Operation.Create, Permissions.Create)]
    [InlineData("copy", Operation.Create, Permissions.Create)]
    [InlineData("name_create", Operation.Create, Permissions.Create)]
    [InlineData("write", Operation.Write, Permissions.Write)]
    [InlineData("action_archive", Operation.Write, Permissions.Write)]
    [InlineData("action_unarchive", Operation.Write, Permissions.Write)]
    [InlineData("toggle_active", Operation.Write, Permissions.Write)]
    [InlineData("web_save", Operation.Write, Permissions.Create | Permissions.Write)]
    [InlineData("load", Operation.Write, Permissions.Create | Permissions.Write)]
    [InlineData("unlink", Operation.Unlink, Permissions.Unlink)]
    [InlineData("action_confirm", Operation.BusinessMethod, Permissions.MethodCalls)]
    [InlineData("message_post", Operation.BusinessMethod, Permissions.MethodCalls)]
    [InlineData("button_validate", Operation.BusinessMethod, Permissions.MethodCalls)]
    [InlineData("searchx", Operation.BusinessMethod, Permissions.MethodCalls)]
    [InlineData("Search", Operation.BusinessMethod, Permissions.MethodCalls)]
    public void A_model_method_is_classified_by_what_it_does(string method, Operation operation, Permissions required)
    {
        var call = CallClassifier.Classify(Service.Object, ExecuteKw("res.partner", method, List(Ids(1))));

        Assert.Null(call.Problem);
        Assert.Equal(operation, call.Operation);
        Assert.Equal(required, call.Required);
        Assert.Equal("res.partner", call.Model);
        Assert.Equal(method, call.Method);
        Assert.Equal($"res.partner.{method}", call.DisplayName);
    }

    [Theory]
    [InlineData("_read", true)]
    [InlineData("_compute_display_name", true)]
    [InlineData("__init__", true)]
    [InlineData("read_", false)]
    [InlineData("action_done", false)]
    public void Methods_starting_with_an_underscore_are_private(string method, bool isPrivate) =>
        Assert.Equal(isPrivate, ModelMethods.IsPrivate(method));

    [Fact]
    public void Execute_and_execute_kw_read_the_same_call_from_their_two_shapes()
    {
        var vals = Dict(("name", Str("Azure")));
        var positional = CallClassifier.Classify(Service.Object, Execute("res.partner", "write", Ids(7, 8), vals));
        var keyword = CallClassifier.Classify(Service.Object, ExecuteKw("res.partner", "write", List(Ids(7, 8), vals)));

        foreach (var call in new[] { positional, keyword })
        {
            Assert.Null(call.Problem);
            Assert.Equal(Database, call.Database);
            Assert.Equal(Uid, call.Uid);
            Assert.Equal(ApiKey, call.Secret);
            Assert.Equal(Operation.Write, call.Operation);
            Assert.Equal([7L, 8L], call.RecordIds);
            Assert.Equal([vals], call.Values);
        }

        Assert.Equal("execute", positional.ServiceMethod);
        Assert.Equal("execute_kw", keyword.ServiceMethod);
    }

    [Fact]
    public void Execute_kw_accepts_a_missing_or_nil_kwargs() =>
        Assert.All(
            [
                Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), Str("res.partner"), Str("search"), List()),
                Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), Str("res.partner"), Str("search"), List(), XmlRpcValue.Nil),
            ],
            call => Assert.Null(CallClassifier.Classify(Service.Object, call).Problem));

    public static TheoryData<string, XmlRpcCall> MalformedObjectCalls => new()
    {
        { "four parameters", Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), Str("res.partner")) },
        { "no parameters", Raw("execute") },
        { "uid as a word", Raw("execute_kw", Str(Database), Str("admin"), Str(ApiKey), Str("res.partner"), Str("search"), List()) },
        { "uid as a float", Raw("execute_kw", Str(Database), new XmlRpcDouble(2), Str(ApiKey), Str("res.partner"), Str("search"), List()) },
        { "uid as a boolean", Raw("execute_kw", Str(Database), XmlRpcBoolean.True, Str(ApiKey), Str("res.partner"), Str("search"), List()) },
        { "database as an integer", Raw("execute_kw", Int(1), Int(Uid), Str(ApiKey), Str("res.partner"), Str("search"), List()) },
        { "password as nil", Raw("execute_kw", Str(Database), Int(Uid), XmlRpcValue.Nil, Str("res.partner"), Str("search"), List()) },
        { "model as an array", Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), List(Str("res.partner")), Str("search"), List()) },
        { "method as an integer", Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), Str("res.partner"), Int(4), List()) },
        { "args as a struct", Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), Str("res.partner"), Str("search"), Dict(("domain", List()))) },
        { "args as a string", Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), Str("res.partner"), Str("search"), Str("[]")) },
        { "kwargs as an array", Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), Str("res.partner"), Str("search"), List(), List()) },
        { "eight parameters", Raw("execute_kw", Str(Database), Int(Uid), Str(ApiKey), Str("res.partner"), Str("search"), List(), Dict(), Dict()) },
        { "a method the object service lacks", Raw("exec_workflow", Str(Database), Int(Uid), Str(ApiKey), Str("sale.order"), Str("order_confirm"), Int(1)) },
    };

    [Theory]
    [MemberData(nameof(MalformedObjectCalls))]
    public void A_malformed_object_call_is_classified_with_a_problem(string shape, XmlRpcCall call)
    {
        var classified = CallClassifier.Classify(Service.Object, call);

        Assert.True(classified.Problem is not null, $"{shape} was accepted");
        Assert.Contains($"object.{call.MethodName}", classified.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7", 7L)]
    [InlineData("+7", 7L)]
    [InlineData("0", 0L)]
    [InlineData("7.0", null)]
    [InlineData("seven", null)]
    [InlineData("", null)]
    [InlineData("99999999999999999999", null)]
    public void A_uid_sent_as_decimal_text_is_read_as_Odoo_reads_it(string text, long? uid)
    {
        var call = CallClassifier.Classify(
            Service.Object,
            Raw("execute_kw", Str(Database), Str(text), Str(ApiKey), Str("res.partner"), Str("search"), List()));

        Assert.Equal(uid, call.Uid);
        Assert.Equal(uid is null, call.Problem is not null);
    }

    [Fact]
    public void Record_ids_come_from_a_first_argument_that_is_an_id_or_a_list_of_ids()
    {
        Assert.Equal([3L, 1L, 2L], Classify("read", List(Ids(3, 1, 2))).RecordIds);
        Assert.Equal([5L], Classify("write", List(Int(5), Dict())).RecordIds);
        Assert.Empty(Classify("search", List(List(List(Str("id"), Str("="), Int(5))))).RecordIds);
        Assert.Empty(Classify("read", List(List(Int(1), Str("2")))).RecordIds);
        Assert.Empty(Classify("read", List(Ids())).RecordIds);
        Assert.Empty(Classify("create", List(Dict(("name", Str("x"))))).RecordIds);
    }

    [Fact]
    public void The_values_of_create_are_a_dict_a_list_of_dicts_or_the_vals_list_keyword()
    {
        var first = Dict(("name", Str("A")));
        var second = Dict(("name", Str("B")));

        Assert.Equal([first], Classify("create", List(first)).Values);
        Assert.Equal([first, second], Classify("create", List(List(first, second))).Values);
        Assert.Equal([first, second], Classify("create", List(), Dict(("vals_list", List(first, second)))).Values);
        Assert.Equal([first], Classify("create", List(), Dict(("vals", first))).Values);
        Assert.Equal([first], CallClassifier.Classify(Service.Object, Execute("res.partner", "create", first)).Values);
    }

    [Fact]
    public void The_values_of_write_web_save_and_copy_follow_the_record_ids()
    {
        var vals = Dict(("name", Str("A")));

        Assert.Equal([vals], Classify("write", List(Ids(1), vals)).Values);
        Assert.Equal([vals], Classify("write", List(Ids(1)), Dict(("vals", vals))).Values);
        Assert.Equal([vals], Classify("web_save", List(Ids(1), vals, Dict())).Values);
        Assert.Equal([vals], Classify("copy", List(Ids(1), vals)).Values);
        Assert.Equal([vals], Classify("copy", List(Ids(1)), Dict(("default", vals))).Values);
        Assert.Empty(Classify("copy", List(Ids(1))).Values);
        Assert.Empty(Classify("search_read", List(List()), Dict(("fields", List(Str("name"))))).Values);
    }

    [Fact]
    public void Context_defaults_of_a_create_become_values_of_the_created_record()
    {
        var lines = List(List(Int(0), Int(0), Dict(("name", Str("line")))));
        var context = Dict(("context", Dict(("lang", Str("en_US")), ("default_order_line", lines), ("default_note", Str("n")))));

        var call = Classify("create", List(Dict(("name", Str("SO")))), context);

        Assert.Equal([Dict(("name", Str("SO"))), Dict(("order_line", lines), ("note", Str("n")))], call.Values);
        Assert.Null(call.ContextDefaults);
    }

    [Fact]
    public void Context_defaults_of_a_write_are_kept_for_the_records_its_commands_create()
    {
        var taxes = List(List(Int(0), Int(0), Dict(("name", Str("tax")))));
        var context = Dict(("context", Dict(("default_tax_id", taxes), ("tz", Str("UTC")))));

        var call = Classify("write", List(Ids(1), Dict(("name", Str("SO")))), context);

        Assert.Equal([Dict(("name", Str("SO")))], call.Values);
        Assert.Equal(Dict(("tax_id", taxes)), call.ContextDefaults);
    }

    [Fact]
    public void Context_defaults_are_ignored_where_nothing_is_stored()
    {
        var context = Dict(("context", Dict(("default_order_line", List(List(Int(0), Int(0), Dict()))))));

        var call = Classify("search_read", List(List()), context);

        Assert.Empty(call.Values);
        Assert.Null(call.ContextDefaults);
    }

    [Fact]
    public void Import_columns_through_x2many_fields_are_spelled_as_the_commands_they_amount_to()
    {
        var call = Classify("load", List(
            List(Str("name"), Str("order_line/name"), Str("order_line/tax_id/name"), Str("tag_ids")),
            List(List(Str("SO"), Str("line"), Str("tax"), Str("vip")))));

        var tax = Dict(("name", List(List(Int(4), Int(0)))));
        var line = Dict(
            ("name", List(List(Int(4), Int(0)))),
            ("tax_id", List(List(Int(0), Int(0), tax), List(Int(1), Int(0), tax))));
        Assert.Equal(
            [
                Dict(
                    ("name", List(List(Int(4), Int(0)))),
                    ("order_line", List(List(Int(0), Int(0), line), List(Int(1), Int(0), line))),
                    ("tag_ids", List(List(Int(4), Int(0))))),
            ],
            call.Values);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("about")]
    public void Common_version_and_about_are_meta(string method)
    {
        var call = CallClassifier.Classify(Service.Common, Raw(method));

        Assert.Null(call.Problem);
        Assert.Equal(Operation.Meta, call.Operation);
        Assert.Equal($"common.{method}", call.DisplayName);
        Assert.Null(call.Secret);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("authenticate")]
    public void Common_login_and_authenticate_carry_database_login_and_secret(string method)
    {
        var call = CallClassifier.Classify(Service.Common, Raw(method, Str(Database), Str("admin"), Str(ApiKey), Dict()));

        Assert.Null(call.Problem);
        Assert.Equal(Operation.Auth, call.Operation);
        Assert.Equal(Database, call.Database);
        Assert.Equal("admin", call.Login);
        Assert.Equal(ApiKey, call.Secret);
        Assert.Equal(2, call.SecretIndex);
    }

    public static TheoryData<XmlRpcCall> MalformedLogins => new()
    {
        Raw("login", Str(Database), Str("admin")),
        Raw("login", Str(Database), Str("admin"), Int(1234)),
        Raw("authenticate", Str(Database), Int(2), Str(ApiKey), Dict()),
        Raw("authenticate", XmlRpcValue.Nil, Str("admin"), Str(ApiKey), Dict()),
    };

    [Theory]
    [MemberData(nameof(MalformedLogins))]
    public void Common_login_with_a_missing_or_mistyped_parameter_has_a_problem(XmlRpcCall call) =>
        Assert.Equal(
            $"common.{call.MethodName} takes (db, login, password) as strings.",
            CallClassifier.Classify(Service.Common, call).Problem);

    [Theory]
    [InlineData("set_password")]
    [InlineData("execute_kw")]
    public void Other_common_methods_are_not_available(string method) =>
        Assert.Equal(
            $"common.{method} is not available through OdooSidecar.",
            CallClassifier.Classify(Service.Common, Raw(method)).Problem);

    [Theory]
    [InlineData("list")]
    [InlineData("server_version")]
    [InlineData("list_lang")]
    [InlineData("list_countries")]
    public void Db_listing_methods_are_meta(string method)
    {
        var call = CallClassifier.Classify(Service.Db, Raw(method));

        Assert.Null(call.Problem);
        Assert.Equal(Operation.Meta, call.Operation);
        Assert.Null(call.Database);
    }

    [Fact]
    public void Db_exist_names_the_database_it_asks_about()
    {
        var call = CallClassifier.Classify(Service.Db, Raw("db_exist", Str("other")));

        Assert.Equal(Operation.Meta, call.Operation);
        Assert.Equal("other", call.Database);
    }

    [Theory]
    [InlineData("create_database")]
    [InlineData("duplicate_database")]
    [InlineData("drop")]
    [InlineData("dump")]
    [InlineData("restore")]
    [InlineData("rename")]
    [InlineData("change_admin_password")]
    [InlineData("migrate_databases")]
    [InlineData("anything_new")]
    public void Every_other_db_method_is_database_administration_with_the_master_password_first(string method)
    {
        var call = CallClassifier.Classify(Service.Db, Raw(method, Str("master"), Str(Database)));

        Assert.Equal(Operation.DbAdmin, call.Operation);
        Assert.Equal(0, call.SecretIndex);
        Assert.Equal($"db.{method}", call.DisplayName);
    }

    [Fact]
    public void The_secret_index_points_at_the_api_key_of_an_object_call()
    {
        var raw = ExecuteKw("res.partner", "search", List(List()));

        var call = CallClassifier.Classify(Service.Object, raw);

        Assert.Equal(2, call.SecretIndex);
        Assert.Equal(Str(ApiKey), raw.Params[call.SecretIndex]);
    }

    private static ClassifiedCall Classify(string method, XmlRpcArray args, XmlRpcStruct? kwargs = null) =>
        CallClassifier.Classify(Service.Object, ExecuteKw("sale.order", method, args, kwargs));
}
