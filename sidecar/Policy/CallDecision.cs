using OdooSidecar.Calls;
using OdooSidecar.Identity;

namespace OdooSidecar.Policy;

/// <summary>
/// The one place a call is judged: a pure function of the classified call, the checked credential and the policy
/// snapshot. Every rule here only narrows what Odoo itself would allow.
/// </summary>
public static class CallDecision
{
    /// <summary>Decides <paramref name="call"/>; <paramref name="databaseServed"/> says whether its database is ours.</summary>
    public static Decision Decide(ClassifiedCall call, IdentityCheck identity, PolicySnapshot policy, bool databaseServed)
    {
        if (call.Problem is not null)
        {
            return Decision.BadCall(call.Problem);
        }

        if (!policy.Enabled)
        {
            return Decision.AccessError("AI agent access (MCP) is switched off in this Odoo's settings.");
        }

        if (call.Database is not null && !(databaseServed && policy.AllowsDatabase(call.Database)))
        {
            return Decision.AccessError($"Database '{call.Database}' is not served to AI agents.");
        }

        return call.Operation switch
        {
            Operation.Meta => Decision.Allow(AuditEvents.ResourceRetrieval),
            Operation.DbAdmin => Decision.AccessError($"db.{call.ServiceMethod} (database administration) is never allowed through OdooSidecar."),
            Operation.Auth => DecideLogin(call, identity),
            _ => DecideModelCall(call, identity, policy),
        };
    }

    private static Decision DecideLogin(ClassifiedCall call, IdentityCheck identity)
    {
        if (identity.Caller is null)
        {
            return Decision.AccessDenied(identity.Problem ?? "no credential");
        }

        if (identity.Caller.Login != call.Login)
        {
            return Decision.AccessDenied($"the credential belongs to '{identity.Caller.Login}', not to '{call.Login}'");
        }

        return identity.Caller.IsMcpUser ? Decision.Allow(AuditEvents.AuthSuccess) : NotAnMcpUser(identity.Caller);
    }

    /// <summary>Why a verified caller outside the addon's "MCP User" group is refused (XML-RPC and REST alike).</summary>
    public static string NotAnMcpUserMessage(string login) =>
        $"User '{login}' is not in the \"MCP User\" group: ask an administrator to add them in Odoo (Settings > Users).";

    private static Decision NotAnMcpUser(Caller caller) => Decision.AccessError(NotAnMcpUserMessage(caller.Login));

    private static Decision DecideModelCall(ClassifiedCall call, IdentityCheck identity, PolicySnapshot policy)
    {
        if (identity.Caller is null)
        {
            return Decision.AccessDenied(identity.Problem ?? "no credential");
        }

        if (identity.Caller.UserId != call.Uid)
        {
            return Decision.AccessDenied($"the credential belongs to user {identity.Caller.UserId}, not to uid {call.Uid}");
        }

        if (!identity.Caller.IsMcpUser)
        {
            return NotAnMcpUser(identity.Caller);
        }

        var model = call.Model!;
        var method = call.Method!;
        if (ModelMethods.IsPrivate(method))
        {
            return Decision.AccessError($"Private method '{method}' of '{model}' cannot be called through OdooSidecar.");
        }

        if (Refusal(policy, model, call.Required, $"{method} on '{model}'") is { } refused)
        {
            return refused;
        }

        IReadOnlyList<IndirectAccess> indirect;
        try
        {
            indirect = X2ManyCommandWalker.Walk(model, call.Values, policy.X2ManyFieldOf, call.ContextDefaults);
        }
        catch (CallShapeException e)
        {
            return Decision.BadCall($"{method} on '{model}': {e.Message}");
        }

        foreach (var access in indirect)
        {
            if (Refusal(policy, access.Model, access.Required, $"{method} on '{model}' through field '{access.Path}'") is { } refusedIndirect)
            {
                return refusedIndirect;
            }
        }

        return Decision.Allow(call.Operation == Operation.Read ? AuditEvents.ModelAccess : AuditEvents.WriteOperation);
    }

    /// <summary>Why <paramref name="required"/> on <paramref name="model"/> is refused, or null when it is allowed.</summary>
    private static Decision? Refusal(PolicySnapshot policy, string model, Permissions required, string what)
    {
        if (policy.Denied.Contains(model))
        {
            return Decision.AccessError($"{Capitalize(what)} is refused: '{model}' is a protected model that AI agents can never reach.");
        }

        if (!policy.EnabledModels.TryGetValue(model, out var allowed))
        {
            return Decision.AccessError($"{Capitalize(what)} is refused: model '{model}' is not enabled for AI agents (MCP).");
        }

        var missing = required & ~allowed;
        return missing == Permissions.None
            ? null
            : Decision.AccessError($"{Capitalize(what)} is refused: '{model}' does not allow {Describe(missing)} for AI agents (MCP).");
    }

    private static string Describe(Permissions missing) => string.Join(" and ", Enum.GetValues<Permissions>()
        .Where(p => p != Permissions.None && missing.HasFlag(p))
        .Select(p => p switch
        {
            Permissions.Read => "read",
            Permissions.Create => "create",
            Permissions.Write => "write",
            Permissions.Unlink => "delete",
            _ => "method calls",
        }));

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
