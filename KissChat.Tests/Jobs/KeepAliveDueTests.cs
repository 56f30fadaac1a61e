using KissChat.Jobs.Streaming;

namespace KissChat.Tests.Jobs;

/// <summary>
/// When a quiet stream is owed its keep-alive. A stream waits what this says before it looks again, so anything but zero
/// must be a whole millisecond or more: a shorter delay returns at once, and the stream would spin until the time came.
/// </summary>
public sealed class KeepAliveDueTests
{
    [Theory]
    [InlineData(15.0, 1_000, 1_000, 15_000)]
    [InlineData(15.0, 1_000, 15_999, 1)]
    [InlineData(15.0, 1_000, 16_000, 0)]
    [InlineData(15.0, 1_000, 20_000, 0)]
    [InlineData(1.0004, 0, 1_000, 1)]
    [InlineData(0.0001, 0, 0, 1)]
    public void AKeepAliveIsDueOrAWholeMillisecondAway(double keepAliveSeconds, long quietSince, long now, double expectedMilliseconds)
    {
        var dueIn = JobStreamReader.KeepAliveDueIn(quietSince, now, TimeSpan.FromSeconds(keepAliveSeconds));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), dueIn);
    }

    [Fact]
    public void NoWaitIsShorterThanTheTimersCanKeep()
    {
        var keepAlive = TimeSpan.FromSeconds(15) + TimeSpan.FromTicks(3_333);
        for (var now = 14_990L; now <= 15_010; now++)
        {
            var dueIn = JobStreamReader.KeepAliveDueIn(0, now, keepAlive);

            Assert.True(dueIn == TimeSpan.Zero || dueIn >= TimeSpan.FromMilliseconds(1), $"{dueIn} at {now} ms");
            Assert.Equal(0, dueIn.Ticks % TimeSpan.TicksPerMillisecond);
        }
    }
}
