using Microsoft.Extensions.Diagnostics.HealthChecks;
using OdooSidecar.Audit;
using OdooSidecar.Odoo;
using OdooSidecar.Policy;

namespace OdooSidecar.Health;

/// <summary>Healthy when every served database has a loaded policy and a working audit store: when calls can pass.</summary>
internal sealed class PolicyAndAuditHealthCheck(OdooDatabases databases, PolicyStore policies, AuditWriter audit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var database in databases.Names)
        {
            if (policies.Current(database, out var policyProblem) is null)
            {
                problems[$"{database}.policy"] = policyProblem!;
            }

            if (!audit.IsAvailable(database, out var auditProblem))
            {
                problems[$"{database}.audit"] = auditProblem!;
            }
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("Policy loaded and audit store writable for every served database.")
            : HealthCheckResult.Unhealthy("Calls are being refused.", data: problems));
    }
}
