using Coravel;
using Coravel.Invocable;
using Coravel.Scheduling.Schedule.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KissChat.Kernel.Scheduling;

/// <summary>
/// Periodic work on Coravel's scheduler. Each module adds its own in its registration (what runs and how often);
/// the timetable is applied once the server has started, every entry guarded against overlapping runs.
/// </summary>
public static class ScheduledWork
{
    public static IServiceCollection AddScheduledWork<TInvocable>(
        this IServiceCollection services, Func<IScheduleInterval, IScheduledEventConfiguration> when)
        where TInvocable : class, IInvocable
    {
        if (!services.Any(d => d.ServiceType == typeof(Entry)))
        {
            services.AddScheduler();
            services.AddHostedService<Timetable>();
        }

        services.AddTransient<TInvocable>();
        services.AddSingleton(new Entry(typeof(TInvocable), when));
        return services;
    }

    internal sealed record Entry(Type Invocable, Func<IScheduleInterval, IScheduledEventConfiguration> When);

    private sealed class Timetable(IServiceProvider services, IEnumerable<Entry> entries) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.UseScheduler(scheduler =>
            {
                foreach (var entry in entries)
                {
                    entry.When(scheduler.ScheduleInvocableType(entry.Invocable)).PreventOverlapping(entry.Invocable.FullName!);
                }
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
