using System.Diagnostics.Metrics;
using KissChat.Jobs.Streaming;
using KissChat.Kernel.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Jobs;

/// <summary>Stream places per user: capped while held, and a user with none left is not kept.</summary>
public sealed class StreamSlotsTests
{
    [Fact]
    public void PlacesAreCappedPerUserAndAUserWhoseStreamsAllClosedIsForgotten()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var slots = new StreamSlots(new RateLimitSettings(100, 100, 100, 2, OpenStreamsPerUser: 2, ImportsPerUserPerMinute: 100), new RateLimitRejections(services.GetRequiredService<IMeterFactory>()));
        var (ann, bea) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        var first = slots.TryOpen(ann);
        var second = slots.TryOpen(ann);
        var beas = slots.TryOpen(bea);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(slots.TryOpen(ann));
        Assert.Equal(3, slots.Open);

        first!.Dispose();
        first.Dispose();
        second!.Dispose();
        Assert.Equal(1, slots.Users);
        beas!.Dispose();
        Assert.Equal((0, 0), (slots.Users, slots.Open));
        Assert.NotNull(slots.TryOpen(ann));
    }
}
