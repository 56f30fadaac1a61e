using System.Diagnostics;
using KissChat.Kernel.Configuration;
using KissChat.Kernel.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Kernel.Database;

public static class DatabaseRegistration
{
    public static IServiceCollection AddKissChatDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var dataDirectory = DataDirectory.From(configuration);
        var settings = DatabaseSettingsReader.Read(configuration, dataDirectory);
        services.AddSingleton(dataDirectory);
        services.AddSingleton(settings);
        services.AddSingleton<WriteGate>();
        services.AddSingleton<WriteGateInterceptor>();
        services.AddSingleton<SqliteCommandTracing>();
        services.AddSingleton<PreparedStatementRepair>();
        services.AddSingleton(provider => new SqliteConnectionSetup(provider.GetRequiredService<WriteGate>().Wal));
        // Spans of SQLite commands only when spans are exported: otherwise every command would pay for the interceptor.
        var traceSqlite = settings.Provider == DatabaseProvider.Sqlite && TelemetrySettings.From(configuration).Tracing;
        // Pooled: a scope (a request, a job) borrows a context whose EF services are already set up, instead of building one.
        services.AddDbContextPool<KissChatDbContext>((provider, options) =>
        {
            var writeGate = provider.GetRequiredService<WriteGate>();
            options.UseModules(provider.GetServices<ModuleModel>(), writeGate);
            options.AddInterceptors(provider.GetRequiredService<WriteGateInterceptor>());
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                options.AddInterceptors(provider.GetRequiredService<SqliteConnectionSetup>());
            }
            else
            {
                options.AddInterceptors(provider.GetRequiredService<PreparedStatementRepair>());
            }

            if (traceSqlite)
            {
                options.AddInterceptors(provider.GetRequiredService<SqliteCommandTracing>());
            }

            _ = settings.Provider switch
            {
                DatabaseProvider.Postgres => options.UseNpgsql(settings.ConnectionString),
                _ => options.UseSqlite(settings.ConnectionString),
            };
        });
        services.AddScoped<SchemaMigrator>();
        services.AddSingleton<SqliteInstanceLock>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>Brings the schema up to date before the server accepts its first request.</summary>
    /// <remarks>
    /// A database not reachable yet (PostgreSQL still starting beside this server, a network not up) is waited for, up to
    /// <c>Database:StartupWaitSeconds</c>, so a compose file or an orchestrator needs no start order; a wrong password or
    /// database name is not waited for.
    /// </remarks>
    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            app.Services.GetRequiredService<SqliteInstanceLock>().Take();
        }

        var wait = app.Configuration.GetSection("Database").Seconds("StartupWaitSeconds", 60, 0, 3600);
        // Counted from the first failure: the first attempt's own time (building the model on a busy machine) uses none of it.
        Stopwatch? waited = null;
        while (true)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
                break;
            }
            catch (Exception exception) when (DatabaseUnavailable.Is(exception) && (waited ??= Stopwatch.StartNew()).Elapsed < wait)
            {
                app.Logger.LogWarning("The database cannot be reached yet ({Reason}); trying again for up to {Seconds:0} s more", exception.GetBaseException().Message, (wait - waited.Elapsed).TotalSeconds);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            SqliteFiles.KeepPrivate(app.Services.GetRequiredService<DataDirectory>(), app.Logger);
        }
    }
}
