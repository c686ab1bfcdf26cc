using OdooSidecar.XmlRpc;

namespace OdooSidecar.Calls;

/// <summary>The relational kind and target of a one2many or many2many field.</summary>
/// <param name="IsOne2Many">True for one2many, false for many2many.</param>
/// <param name="Comodel">The model the field points to.</param>
public sealed record X2ManyField(bool IsOne2Many, string Comodel);

/// <summary>Something a call does to a model other than its own, through x2many commands.</summary>
/// <param name="Model">The comodel touched.</param>
/// <param name="Required">The flags that touch needs.</param>
/// <param name="Path">Where in the values it happens, e.g. <c>order_line</c> or <c>order_line.tax_id</c>.</param>
public sealed record IndirectAccess(string Model, Permissions Required, string Path);

/// <summary>
/// Walks the values of create/write for x2many command lists, at any depth, and lists what they do to other models.
/// Commands: 0 create, 1 update, 2 delete, 3 unlink, 4 link, 5 clear, 6 set; a plain list of ids means set.
/// On a many2many, 3, 4, 5 and 6 only change the link table: the parent's write covers them. On a one2many they
/// rewrite the comodel's inverse field (and 3 and 5 may delete rows whose inverse is required), so they need the
/// comodel's write and, for 3 and 5, its unlink.
/// </summary>
/// <exception cref="CallShapeException">A command list holds something Odoo would not read as a command.</exception>
public static class X2ManyCommandWalker
{
    private const int MaxDepth = 32;

    /// <summary>Lists the accesses implied by <paramref name="values"/> written to <paramref name="model"/>.</summary>
    /// <param name="model">The model the values are written to.</param>
    /// <param name="values">The create/write dicts.</param>
    /// <param name="fieldOf">Looks up an x2many field of a model; null when the field is not x2many.</param>
    public static IReadOnlyList<IndirectAccess> Walk(string model, IReadOnlyList<XmlRpcStruct> values, Func<string, string, X2ManyField?> fieldOf)
    {
        var found = new List<IndirectAccess>();
        foreach (var vals in values)
        {
            WalkValues(model, vals, string.Empty, fieldOf, found, 0);
        }

        return found;
    }

    private static void WalkValues(string model, XmlRpcStruct vals, string prefix, Func<string, string, X2ManyField?> fieldOf, List<IndirectAccess> found, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new CallShapeException($"x2many commands nest deeper than {MaxDepth} levels.");
        }

        foreach (var (name, value) in vals.Members)
        {
            if (value is not XmlRpcArray commands || fieldOf(model, name) is not { } field)
            {
                continue;
            }

            var path = prefix + name;
            foreach (var command in commands.Items)
            {
                if (command is XmlRpcArray { Items.Count: > 0 } tuple && CommandNumber(tuple.Items[0]) is { } code)
                {
                    WalkCommand(field, code, tuple.Items, path, fieldOf, found, depth);
                }
                else if (CommandNumber(command) is null)
                {
                    throw new CallShapeException($"Field '{path}' holds {command.ToDisplayString()}, which is neither a record id nor an x2many command.");
                }
                else if (field.IsOne2Many)
                {
                    // A bare id list on a one2many means "set": it rewrites the comodel's inverse field.
                    found.Add(new(field.Comodel, Permissions.Write, path));
                }
            }
        }
    }

    /// <summary>
    /// Python compares command numbers with <c>==</c>, so <c>False</c>, <c>True</c> and integral floats count as
    /// 0, 1, ...: read them the same way, or a <c>[false, 0, {...}]</c> create would slip through.
    /// </summary>
    private static long? CommandNumber(XmlRpcValue value) => value switch
    {
        XmlRpcInteger i => i.Value,
        XmlRpcBoolean b => b.Value ? 1 : 0,
        XmlRpcDouble d when double.IsFinite(d.Value) && Math.Floor(d.Value) == d.Value && Math.Abs(d.Value) < 1e15 => (long)d.Value,
        _ => null,
    };

    private static void WalkCommand(X2ManyField field, long code, IReadOnlyList<XmlRpcValue> tuple, string path, Func<string, string, X2ManyField?> fieldOf, List<IndirectAccess> found, int depth)
    {
        switch (code)
        {
            case 0:
                found.Add(new(field.Comodel, Permissions.Create, path));
                WalkNested(field, tuple, path, fieldOf, found, depth);
                break;
            case 1:
                found.Add(new(field.Comodel, Permissions.Write, path));
                WalkNested(field, tuple, path, fieldOf, found, depth);
                break;
            case 2:
                found.Add(new(field.Comodel, Permissions.Unlink, path));
                break;
            case 3 or 5 when field.IsOne2Many:
                found.Add(new(field.Comodel, Permissions.Write | Permissions.Unlink, path));
                break;
            case 4 or 6 when field.IsOne2Many:
                found.Add(new(field.Comodel, Permissions.Write, path));
                break;
            case >= 3 and <= 6:
                break;
            default:
                throw new CallShapeException($"Unknown x2many command {code} in field '{path}'.");
        }
    }

    private static void WalkNested(X2ManyField field, IReadOnlyList<XmlRpcValue> tuple, string path, Func<string, string, X2ManyField?> fieldOf, List<IndirectAccess> found, int depth)
    {
        if (tuple.ElementAtOrDefault(2) is XmlRpcStruct nested)
        {
            WalkValues(field.Comodel, nested, path + ".", fieldOf, found, depth + 1);
        }
    }
}
