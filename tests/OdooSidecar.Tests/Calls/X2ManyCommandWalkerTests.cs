using OdooSidecar.Calls;
using OdooSidecar.XmlRpc;
using static OdooSidecar.Tests.Calls.OdooCalls;

namespace OdooSidecar.Tests.Calls;

public sealed class X2ManyCommandWalkerTests
{
    private static readonly Dictionary<(string Model, string Field), X2ManyField> Fields = new()
    {
        [("sale.order", "order_line")] = new(IsOne2Many: true, "sale.order.line"),
        [("sale.order", "tag_ids")] = new(IsOne2Many: false, "crm.tag"),
        [("sale.order.line", "tax_id")] = new(IsOne2Many: false, "account.tax"),
        [("account.tax", "children_tax_ids")] = new(IsOne2Many: false, "account.tax"),
        [("res.partner", "child_ids")] = new(IsOne2Many: true, "res.partner"),
    };

    [Theory]
    [InlineData("order_line", 0, Permissions.Create)]
    [InlineData("order_line", 1, Permissions.Write)]
    [InlineData("order_line", 2, Permissions.Unlink)]
    [InlineData("order_line", 3, Permissions.Write | Permissions.Unlink)]
    [InlineData("order_line", 4, Permissions.Write)]
    [InlineData("order_line", 5, Permissions.Write | Permissions.Unlink)]
    [InlineData("order_line", 6, Permissions.Write)]
    [InlineData("tag_ids", 0, Permissions.Create)]
    [InlineData("tag_ids", 1, Permissions.Write)]
    [InlineData("tag_ids", 2, Permissions.Unlink)]
    [InlineData("tag_ids", 3, Permissions.None)]
    [InlineData("tag_ids", 4, Permissions.None)]
    [InlineData("tag_ids", 5, Permissions.None)]
    [InlineData("tag_ids", 6, Permissions.None)]
    public void Each_command_needs_what_it_does_to_the_comodel(string field, int command, Permissions required)
    {
        XmlRpcValue tuple = command switch
        {
            0 => List(Int(0), Int(0), Dict(("name", Str("new")))),
            1 => List(Int(1), Int(9), Dict(("name", Str("changed")))),
            5 => List(Int(5)),
            6 => List(Int(6), Int(0), Ids(9, 10)),
            _ => List(Int(command), Int(9)),
        };

        var found = Walk("sale.order", Dict((field, List(tuple))));

        var comodel = Fields[("sale.order", field)].Comodel;
        Assert.Equal(required == Permissions.None ? [] : [new IndirectAccess(comodel, required, field)], found);
    }

    [Fact]
    public void A_bare_id_list_rewrites_the_inverse_of_a_one2many_but_only_links_a_many2many()
    {
        Assert.Equal(
            [new("sale.order.line", Permissions.Write, "order_line"), new("sale.order.line", Permissions.Write, "order_line")],
            Walk("sale.order", Dict(("order_line", Ids(4, 5)))));
        Assert.Empty(Walk("sale.order", Dict(("tag_ids", Ids(4, 5)))));
    }

    [Fact]
    public void Commands_nested_three_levels_deep_are_found_with_their_path()
    {
        var tax = Dict(("children_tax_ids", List(List(Int(0), Int(0), Dict(("name", Str("child")))))));
        var line = Dict(("tax_id", List(List(Int(0), Int(0), tax), List(Int(4), Int(3)))));

        var found = Walk("sale.order", Dict(
            ("name", Str("SO")),
            ("order_line", List(List(Int(0), Int(0), line), List(Int(1), Int(8), Dict(("tax_id", List(List(Int(2), Int(3))))))))));

        Assert.Equal(
            [
                new("sale.order.line", Permissions.Create, "order_line"),
                new("account.tax", Permissions.Create, "order_line.tax_id"),
                new("account.tax", Permissions.Create, "order_line.tax_id.children_tax_ids"),
                new("sale.order.line", Permissions.Write, "order_line"),
                new("account.tax", Permissions.Unlink, "order_line.tax_id"),
            ],
            found);
    }

    [Fact]
    public void Every_dict_of_a_batch_is_walked()
    {
        var create = Dict(("order_line", List(List(Int(0), Int(0), Dict()))));
        var delete = Dict(("tag_ids", List(List(Int(2), Int(1)))));

        Assert.Equal(
            [new("sale.order.line", Permissions.Create, "order_line"), new("crm.tag", Permissions.Unlink, "tag_ids")],
            X2ManyCommandWalker.Walk("sale.order", [create, delete], FieldOf));
    }

    public static TheoryData<string, XmlRpcValue, Permissions> CommandNumbersPythonComparesWithEquals => new()
    {
        { "False", XmlRpcBoolean.False, Permissions.Create },
        { "True", XmlRpcBoolean.True, Permissions.Write },
        { "0.0", new XmlRpcDouble(0.0), Permissions.Create },
        { "-0.0", new XmlRpcDouble(-0.0), Permissions.Create },
        { "1.0", new XmlRpcDouble(1.0), Permissions.Write },
        { "2.0", new XmlRpcDouble(2.0), Permissions.Unlink },
    };

    [Theory]
    [MemberData(nameof(CommandNumbersPythonComparesWithEquals))]
    public void A_boolean_or_integral_float_command_number_counts_as_the_integer_Python_sees(string spelled, XmlRpcValue number, Permissions required)
    {
        var found = Walk("sale.order", Dict(("tag_ids", List(List(number, Int(5), Dict(("name", Str(spelled))))))));

        Assert.Equal([new IndirectAccess("crm.tag", required, "tag_ids")], found);
    }

    public static TheoryData<string, XmlRpcValue> Junk => new()
    {
        { "a string id", Str("5") },
        { "a struct", Dict(("id", Int(5))) },
        { "nil", XmlRpcValue.Nil },
        { "an empty tuple", List() },
        { "a tuple led by a string", List(Str("0"), Int(0), Dict()) },
        { "a tuple led by nil", List(XmlRpcValue.Nil, Int(0), Dict()) },
        { "a tuple led by a fractional float", List(new XmlRpcDouble(0.5), Int(0), Dict()) },
        { "a tuple led by NaN", List(new XmlRpcDouble(double.NaN), Int(0), Dict()) },
        { "a tuple led by infinity", List(new XmlRpcDouble(double.PositiveInfinity), Int(0), Dict()) },
        { "a fractional float id", new XmlRpcDouble(4.5) },
        { "unknown command 7", List(Int(7), Int(0)) },
        { "unknown command -1", List(Int(-1), Int(0)) },
        { "a nested list", List(List(Int(0), Int(0), Dict())) },
    };

    [Theory]
    [MemberData(nameof(Junk))]
    public void Anything_Odoo_would_not_read_as_a_command_or_an_id_is_refused(string what, XmlRpcValue item)
    {
        foreach (var field in new[] { "order_line", "tag_ids" })
        {
            var refused = Record.Exception(() => Walk("sale.order", Dict((field, List(List(Int(4), Int(1)), item)))));

            Assert.True(refused is CallShapeException, $"{what} in {field} was accepted");
        }
    }

    [Fact]
    public void Junk_nested_inside_a_create_is_refused_too() =>
        Assert.Throws<CallShapeException>(() => Walk("sale.order", Dict(
            ("order_line", List(List(Int(0), Int(0), Dict(("tax_id", List(Str("all"))))))))));

    [Fact]
    public void Fields_that_are_not_x2many_are_left_alone()
    {
        var found = Walk("sale.order", Dict(
            ("no_such_field", List(List(Int(0), Int(0), Dict()))),
            ("note", List(Str("junk"))),
            ("order_line", XmlRpcBoolean.False),
            ("tag_ids", Str("[(0, 0, {})]"))));

        Assert.Empty(found);
    }

    [Fact]
    public void Nesting_is_followed_down_to_32_levels_and_refused_below()
    {
        Assert.Equal(32, Walk("res.partner", NestedPartners(32)).Count);
        var refused = Assert.Throws<CallShapeException>(() => Walk("res.partner", NestedPartners(33)));
        Assert.Contains("32 levels", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_defaults_reach_the_records_a_write_creates()
    {
        var defaults = Dict(("tax_id", List(List(Int(0), Int(0), Dict(("name", Str("tax")))))), ("tag_ids", List(List(Int(2), Int(1)))));

        var found = X2ManyCommandWalker.Walk(
            "sale.order",
            [Dict(("order_line", List(List(Int(0), Int(0), Dict(("name", Str("line")))))))],
            FieldOf,
            defaults);

        Assert.Equal(
            [
                new("sale.order.line", Permissions.Create, "order_line"),
                new("account.tax", Permissions.Create, "order_line.default_tax_id"),
            ],
            found);
    }

    [Fact]
    public void Context_defaults_reach_records_created_under_an_update_but_not_under_a_create()
    {
        var defaults = Dict(("children_tax_ids", List(List(Int(0), Int(0), Dict()))));
        var newTax = Dict(("tax_id", List(List(Int(0), Int(0), Dict()))));

        var underUpdate = X2ManyCommandWalker.Walk("sale.order", [Dict(("order_line", List(List(Int(1), Int(7), newTax))))], FieldOf, defaults);
        var underCreate = X2ManyCommandWalker.Walk("sale.order", [Dict(("order_line", List(List(Int(0), Int(0), newTax))))], FieldOf, defaults);

        Assert.Contains(new IndirectAccess("account.tax", Permissions.Create, "order_line.tax_id.default_children_tax_ids"), underUpdate);
        Assert.DoesNotContain(underCreate, access => access.Path.Contains("default_", StringComparison.Ordinal));
    }

    [Fact]
    public void Context_defaults_apply_once_and_not_to_the_records_they_create_themselves()
    {
        var children = List(List(Int(0), Int(0), Dict()));

        var found = X2ManyCommandWalker.Walk("res.partner", [Dict(("child_ids", children))], FieldOf, Dict(("child_ids", children)));

        Assert.Equal(
            [new("res.partner", Permissions.Create, "child_ids"), new("res.partner", Permissions.Create, "child_ids.default_child_ids")],
            found);
    }

    private static XmlRpcStruct NestedPartners(int levels)
    {
        var vals = Dict(("name", Str("leaf")));
        for (var i = 0; i < levels; i++)
        {
            vals = Dict(("child_ids", List(List(Int(0), Int(0), vals))));
        }

        return vals;
    }

    private static IReadOnlyList<IndirectAccess> Walk(string model, XmlRpcStruct vals) =>
        X2ManyCommandWalker.Walk(model, [vals], FieldOf);

    private static X2ManyField? FieldOf(string model, string field) => Fields.GetValueOrDefault((model, field));
}
