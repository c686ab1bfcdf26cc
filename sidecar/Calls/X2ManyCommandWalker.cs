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
/// A write runs its commands in the caller's context, so the context's <c>default_&lt;field&gt;</c> values reach
/// every record those commands create (a create clears them for its own sub-records): they are walked there too.
/// </summary>
/// <exception cref="CallShapeException">A command list holds something Odoo would not read as a command.</exception>
public static class X2ManyCommandWalker
{
    private const int MaxDepth = 32;

    /// <summary>Lists the accesses implied by <paramref name="values"/> written to <paramref name="model"/>.</summary>
    /// <param name="model">The model the values are written to.</param>
    /// <param name="values">The create/write dicts.</param>
    /// <param name="fieldOf">Looks up an x2many field of a model; null when the field is not x2many.</param>
    /// <param name="contextDefaults">The context's <c>default_</c> values (prefix removed) of a write, or null.</param>
    public static IReadOnlyList<IndirectAccess> Walk(
        string model,
        IReadOnlyList<XmlRpcStruct> values,
        Func<string, string, X2ManyField?> fieldOf,
        XmlRpcStruct? contextDefaults = null)
    {
        var walk = new Walker(fieldOf, contextDefaults);
        foreach (var vals in values)
        {
            walk.Values(model, vals, string.Empty, 0, inWrite: true);
        }

        return walk.Found;
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

    private sealed class Walker(Func<string, string, X2ManyField?> fieldOf, XmlRpcStruct? contextDefaults)
    {
        public List<IndirectAccess> Found { get; } = [];

        /// <summary>Walks one dict; <paramref name="inWrite"/> while a write runs it, where context defaults still apply.</summary>
        public void Values(string model, XmlRpcStruct vals, string prefix, int depth, bool inWrite)
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
                        Command(field, code, tuple.Items, path, depth, inWrite);
                    }
                    else if (CommandNumber(command) is null)
                    {
                        throw new CallShapeException($"Field '{path}' holds {command.ToDisplayString()}, which is neither a record id nor an x2many command.");
                    }
                    else if (field.IsOne2Many)
                    {
                        // A bare id list on a one2many means "set": it rewrites the comodel's inverse field.
                        Found.Add(new(field.Comodel, Permissions.Write, path));
                    }
                }
            }
        }

        private void Command(X2ManyField field, long code, IReadOnlyList<XmlRpcValue> tuple, string path, int depth, bool inWrite)
        {
            switch (code)
            {
                case 0:
                    Found.Add(new(field.Comodel, Permissions.Create, path));
                    Nested(field, tuple, path, depth, inWrite: false);
                    if (inWrite && contextDefaults is not null)
                    {
                        Values(field.Comodel, contextDefaults, path + ".default_", depth + 1, inWrite: false);
                    }

                    break;
                case 1:
                    Found.Add(new(field.Comodel, Permissions.Write, path));
                    Nested(field, tuple, path, depth, inWrite);
                    break;
                case 2:
                    Found.Add(new(field.Comodel, Permissions.Unlink, path));
                    break;
                case 3 or 5 when field.IsOne2Many:
                    Found.Add(new(field.Comodel, Permissions.Write | Permissions.Unlink, path));
                    break;
                case 4 or 6 when field.IsOne2Many:
                    Found.Add(new(field.Comodel, Permissions.Write, path));
                    break;
                case >= 3 and <= 6:
                    break;
                default:
                    throw new CallShapeException($"Unknown x2many command {code} in field '{path}'.");
            }
        }

        private void Nested(X2ManyField field, IReadOnlyList<XmlRpcValue> tuple, string path, int depth, bool inWrite)
        {
            if (tuple.ElementAtOrDefault(2) is XmlRpcStruct nested)
            {
                Values(field.Comodel, nested, path + ".", depth + 1, inWrite);
            }
        }
    }
}
