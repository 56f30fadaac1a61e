using Coravel.Queuing.Interfaces;
using KissChat.Jobs.Running;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Jobs.Contracts;

public static class JobHandlers
{
    /// <summary>
    /// Registers the handler that runs jobs of <paramref name="kind"/>, queued on Coravel's queue by job id, in the
    /// places of <paramref name="lane"/>.
    /// </summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind, JobLane lane = JobLane.Interactive)
        where THandler : class, IJobHandler
    {
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
        services.AddTransient<RunJob<THandler>>();
        services.AddSingleton(new JobKind(kind, lane, (queue, jobId) => queue.QueueInvocableWithPayload<RunJob<THandler>, Guid>(jobId)));
        return services;
    }
}

/// <summary>How jobs of one kind are queued, and whose places they take.</summary>
internal sealed record JobKind(string Kind, JobLane Lane, Action<IQueue, Guid> Enqueue);
