using System.Runtime.CompilerServices;
using System.Text;
using KissChat.Chats.Streaming;
using KissChat.Jobs.Contracts;
using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Chats;

/// <summary>
/// A reply's job starts while the commit of its start (the user's message, the job) reaches the disk; its stream shows
/// nothing before that commit is on disk, and a commit that cannot be synced answers an error instead of a stream.
/// </summary>
public sealed class ReplyStreamDurabilityTests
{
    private static readonly JobInfo Job = new(Guid.NewGuid(), Guid.NewGuid(), "chat.reply", Guid.NewGuid(), "{}");

    [Fact]
    public async Task NoFrameIsReadOrWrittenBeforeTheStartIsOnDisk()
    {
        var frames = new OneFrame();
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = NewContext();

        var writing = new ReplyStream(frames, Job, after: 0, durable: durable.Task).ExecuteAsync(context);

        Assert.False(frames.Read);
        Assert.False(context.Response.HasStarted);
        Assert.Equal(0, context.Response.Body.Length);
        durable.SetResult();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(frames.Read);
        Assert.EndsWith("data: [DONE]\n\n", Body(context));
    }

    [Fact]
    public async Task AStartThatCannotBeSyncedFailsTheRequestBeforeAnyFrameAndGivesTheStreamPlaceBack()
    {
        var frames = new OneFrame();
        var place = new Place();
        var context = NewContext();
        var stream = new ReplyStream(frames, Job, after: 0, slot: place, durable: Task.FromException(new IOException("disk gone")));

        await Assert.ThrowsAsync<IOException>(() => stream.ExecuteAsync(context));

        Assert.False(frames.Read);
        Assert.False(context.Response.HasStarted);
        Assert.Equal(0, context.Response.Body.Length);
        Assert.True(place.Disposed);
    }

    private static DefaultHttpContext NewContext() => new() { Response = { Body = new MemoryStream() } };

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    /// <summary>A job with one frame, already ended.</summary>
    private sealed class OneFrame : IJobStreams
    {
        public bool Read { get; private set; }

        public IDisposable? TryOpen(Guid userId) => new Place();

        public async IAsyncEnumerable<JobStreamItem> ReadAsync(JobInfo job, int after, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Read = true;
            yield return new JobStreamItem(JobStreamItemKind.Frame, 1, "{\"type\":\"connected\"}"u8.ToArray());
            await Task.Yield();
            yield return JobStreamItem.Done(2);
        }
    }

    private sealed class Place : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
