using System.Text;
using OdooSidecar.Calls;
using OdooSidecar.Gateway;
using OdooSidecar.XmlRpc;
using static OdooSidecar.Tests.Calls.OdooCalls;

namespace OdooSidecar.Tests.Gateway;

public sealed class AuditTextTests
{
    private const int Roomy = 4000;

    [Fact]
    public void The_password_parameter_of_an_object_call_is_redacted()
    {
        var call = ExecuteKw("res.partner", "search_read", List(List(List(Str("name"), Str("ilike"), Str("az")))), Dict(("limit", Int(5))));

        var text = AuditText.RenderParams(call, CallClassifier.Classify(Service.Object, call).SecretIndex, Roomy);

        Assert.Equal("['odoo', 2, <redacted>, 'res.partner', 'search_read', [[['name', 'ilike', 'az']]], {'limit': 5}]", text);
    }

    [Fact]
    public void Every_argument_of_a_method_named_like_a_credential_is_redacted()
    {
        var call = Raw("execute", Str(Database), Int(2), Str(ApiKey), Str("res.users"), Str("change_password"), Str("old-secret"), Str("new-secret"));

        var text = AuditText.RenderParams(call, 2, Roomy, CallClassifier.ObjectArgumentsIndex);

        Assert.Equal("['odoo', 2, <redacted>, 'res.users', 'change_password', <redacted>, <redacted>]", text);
        Assert.True(AuditText.IsSecretName("change_password"));
        Assert.False(AuditText.IsSecretName("search_read"));
    }

    [Fact]
    public void The_password_of_a_login_and_the_master_password_of_db_administration_are_redacted()
    {
        var login = Raw("authenticate", Str(Database), Str("admin"), Str(ApiKey), Dict());
        var drop = Raw("drop", Str("master-secret"), Str(Database));

        Assert.Equal(
            "['odoo', 'admin', <redacted>, {}]",
            AuditText.RenderParams(login, CallClassifier.Classify(Service.Common, login).SecretIndex, Roomy));
        Assert.Equal(
            "[<redacted>, 'odoo']",
            AuditText.RenderParams(drop, CallClassifier.Classify(Service.Db, drop).SecretIndex, Roomy));
    }

    [Fact]
    public void Struct_members_named_like_secrets_are_redacted_at_any_depth()
    {
        var vals = Dict(
            ("name", Str("Agent")),
            ("password", Str("hunter2")),
            ("settings", Dict(("api_key", Str("k1")), ("Access_Token", Str("t1")), ("new_passwd", Str("p2")), ("client_secret", Str("s1")))),
            ("lines", List(Dict(("APIKEY", Str("k2")), ("qty", new XmlRpcDouble(1.5))))));
        var call = ExecuteKw("res.users", "write", List(Ids(7), vals));

        var text = AuditText.RenderParams(call, 2, Roomy);

        Assert.Equal(
            "['odoo', 2, <redacted>, 'res.users', 'write', [[7], {'name': 'Agent', 'password': <redacted>, "
            + "'settings': {'api_key': <redacted>, 'Access_Token': <redacted>, 'new_passwd': <redacted>, 'client_secret': <redacted>}, "
            + "'lines': [{'APIKEY': <redacted>, 'qty': 1.5}]}]]",
            text);
        foreach (var secret in new[] { "hunter2", "k1", "t1", "p2", "s1", "k2", ApiKey })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scalars_are_rendered_as_Python_prints_them() =>
        Assert.Equal(
            "[True, False, None, 2.5, 20240131T10:20:30, <3 bytes>, -9]",
            AuditText.RenderParams(
                Raw("x", XmlRpcBoolean.True, XmlRpcBoolean.False, XmlRpcValue.Nil, new XmlRpcDouble(2.5), new XmlRpcDateTime("20240131T10:20:30"), new XmlRpcBase64("abc"u8.ToArray()), Int(-9)),
                -1,
                Roomy));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(1000)]
    public void The_text_never_exceeds_the_bound_and_shows_where_it_was_cut(int maxChars)
    {
        var call = ExecuteKw("res.partner", "create", List(List(
            Dict(("name", Str(new string('a', 3000))), ("comment", Str("b"))),
            Dict(("name", Str("c")), (new string('n', 5000), Int(1))))));

        var text = AuditText.RenderParams(call, 2, maxChars);

        Assert.Equal(maxChars, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.StartsWith("['odoo', 2, <redacted>, 'res.partner', 'create', [[{'name': 'aaa"[..Math.Min(maxChars - 1, 64)], text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_fits_the_bound_exactly_is_not_cut()
    {
        var call = Raw("version", Str("12345"));

        Assert.Equal("['12345']", AuditText.RenderParams(call, -1, "['12345']".Length));
        Assert.Equal("['123…", AuditText.RenderParams(call, -1, "['12345']".Length - 3));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var call = Raw("x", Str(string.Concat(Enumerable.Repeat("😀", 50))));
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        for (var maxChars = 1; maxChars < 40; maxChars++)
        {
            var text = AuditText.RenderParams(call, -1, maxChars);

            Assert.True(text.Length <= maxChars, $"{text.Length} > {maxChars}");
            Assert.Equal(text, strict.GetString(strict.GetBytes(text)));
        }
    }

    [Fact]
    public void Record_ids_are_rendered_as_a_comma_separated_list()
    {
        Assert.Equal("3,1,20", AuditText.RenderIds([3, 1, 20]));
        Assert.Null(AuditText.RenderIds([]));
    }
}
