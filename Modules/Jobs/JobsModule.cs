using KissChat.Jobs.Contracts;
using KissChat.Jobs.Running;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Jobs;

public static class JobsModule
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleModel(typeof(JobsModule).Assembly));
        services.AddSingleton(JobsOptions.From(configuration));
        services.AddSingleton(InstanceId.New());
        services.AddSingleton<JobQueue>();
        services.AddSingleton<LiveJobs>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<UnrunJobs>();
        services.AddScoped<IJobs, Jobs>();
        services.AddScoped<JobEventReader>();
        services.AddSingleton<StreamSlots>();
        services.AddHostedService<JobWorker>();
        services.AddHostedService<JobRecovery>();
        services.AddSingleton<JobNotifications>();
        services.AddHostedService(provider => provider.GetRequiredService<JobNotifications>());
        return services;
    }

    /// <summary>Registers the handler that runs jobs of <paramref name="kind"/>.</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind)
        where THandler : class, IJobHandler =>
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
}
