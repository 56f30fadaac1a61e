using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KissChat.Kernel.Database;

/// <summary>Ready when the database answers and every schema script this build carries has been applied.</summary>
internal sealed class DatabaseHealthCheck(KissChatDbContext db, DatabaseSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        List<string> applied;
        try
        {
            applied = await db.Database.SqlQueryRaw<string>("SELECT version AS \"Value\" FROM schema_versions").ToListAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DbException || DatabaseUnavailable.Is(exception))
        {
            // EF's retrying strategy gives up with an exception of its own around the database's (PostgreSQL down).
            // The exception's text may name hosts and users: it goes to the log, not to an anonymous probe.
            return HealthCheckResult.Unhealthy("The database cannot be reached, or it has no schema yet.", exception);
        }

        var missing = SchemaMigrator.Scripts(settings.Provider).Select(script => script.Version).Except(applied).ToList();
        var data = new Dictionary<string, object>
        {
            ["provider"] = settings.Provider.ToString().ToLowerInvariant(),
            ["schema_version"] = applied.Max(StringComparer.Ordinal) ?? "",
        };
        return missing.Count == 0
            ? HealthCheckResult.Healthy("The database answers and its schema is up to date.", data)
            : HealthCheckResult.Unhealthy($"The database schema lacks {missing.Count} script(s) of this build, from {missing[0]}.", data: data);
    }
}
