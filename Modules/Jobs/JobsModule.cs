using Coravel;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Running;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Database;
using KissChat.Kernel.Identity;
using KissChat.Kernel.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KissChat.Jobs;

public static class JobsModule
{
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = JobsOptions.From(configuration);
        services.AddSingleton(new ModuleModel(typeof(JobsModule).Assembly));
        services.AddSingleton(options);
        services.AddSingleton(InstanceId.New());
        services.AddQueue();
        services.AddSingleton<JobDispatcher>();
        services.AddSingleton<JobSlots>();
        services.AddSingleton<LiveJobs>();
        services.AddSingleton<StreamSlots>();
        services.AddSingleton<JobTelemetry>();
        services.AddSingleton<InstanceLiveness>();
        services.AddSingleton(typeof(SweepSuspects<>));
        services.AddSingleton<OtherInstances>();
        services.AddSingleton<SchedulerHeartbeat>();
        services.AddScoped<JobRunner>();
        services.AddScoped<JobFinisher>();
        services.AddSingleton<IJobStreams, JobStreamReader>();
        services.AddScoped<Jobs>();
        services.AddScoped<IJobs>(provider => provider.GetRequiredService<Jobs>());
        services.AddScoped<IAccountClosing, StopJobsOfClosedAccounts>();
        services.AddScoped<IJobStatistics, JobStatistics>();
        services.AddSingleton<JobNotifications>();
        services.AddHostedService(provider => provider.GetRequiredService<JobNotifications>());
        services.AddHostedService<JobsLifetime>();
        services.AddHealthChecks().AddCheck<JobsHealthCheck>("jobs", tags: ["ready"]);
        // Room after the drain for the ended jobs' final frames to reach their streams before connections close.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownDrain + TimeSpan.FromSeconds(20));

        services.AddScheduledWork<SaveCheckpoints>(when => when.EverySeconds((int)options.CheckpointInterval.TotalSeconds));
        services.AddScheduledWork<RecoverOrphanedJobs>(when => when.EverySeconds((int)options.SweepInterval.TotalSeconds));
        services.AddSingleton<ReplayPruneMark>();
        services.AddScheduledWork<PruneReplayText>(when => when.Hourly());
        return services;
    }
}
