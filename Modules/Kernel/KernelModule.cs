using System.Text.Json;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using KissChat.Kernel.Telemetry;
using KissChat.Kernel.Validation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Kernel;

public static class KernelModule
{
    /// <summary>What every module relies on: the database, JSON conventions, ProblemDetails and the current user.</summary>
    public static IServiceCollection AddKernel(this IServiceCollection services, IConfiguration configuration)
    {
        ValidationNames.UseJsonFieldNames();
        services.AddKissChatDatabase(configuration);
        // OAuth state and correlation cookies are encrypted with these keys; on the data volume they survive
        // restarts of a container (instances sharing a database should share this folder too).
        services.AddDataProtection()
            .SetApplicationName("KissChat")
            .PersistKeysToFileSystem(new DirectoryInfo(Configuration.DataDirectory.From(configuration).File("keys")));
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(TelemetrySettings.From(configuration));
        services.AddSingleton(Export.ExportBuilds.From(configuration));
        // Registered first, so it writes every problem: the framework's writer skips requests that do not accept JSON.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ErrorMember.Add);
        services.AddExceptionHandler<UnexpectedErrorHandler>();
        services.AddKissChatRateLimits(configuration);
        // Handlers must not swallow unreadable bodies silently: the exception handler words the 400/413.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.AllowTrailingCommas = false;
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        return services;
    }
}
