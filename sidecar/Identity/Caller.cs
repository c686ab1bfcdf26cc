namespace OdooSidecar.Identity;

/// <summary>The Odoo user a credential belongs to.</summary>
/// <param name="UserId">The <c>res_users.id</c>.</param>
/// <param name="Login">The user's login.</param>
/// <param name="CredentialLabel">For audit rows: the API key's name (or its index), or "password"; never the secret.</param>
/// <param name="IsMcpUser">Whether the user is in the addon's "MCP User" group (<c>mcp_server.group_mcp_user</c>).</param>
public sealed record Caller(long UserId, string Login, string CredentialLabel, bool IsMcpUser);

/// <summary>The outcome of checking a call's credential: a caller, or why there is none.</summary>
/// <param name="Caller">The verified caller, when the credential is valid.</param>
/// <param name="Problem">Why the credential was not accepted (for the audit row, not for the caller).</param>
public sealed record IdentityCheck(Caller? Caller, string? Problem)
{
    /// <summary>The call carries no credential to check (version, db.list, ...).</summary>
    public static readonly IdentityCheck NotNeeded = new(null, null);

    /// <summary>A verified caller.</summary>
    public static IdentityCheck Verified(Caller caller) => new(caller, null);

    /// <summary>A refused credential.</summary>
    public static IdentityCheck Refused(string problem) => new(null, problem);
}
