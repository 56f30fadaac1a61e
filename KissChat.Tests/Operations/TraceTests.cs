using System.Collections.Concurrent;
using System.Diagnostics;
using KissChat.Tests.Chats;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Operations;

/// <summary>Traces exported over OTLP (to a collector that is not there: exports fail quietly, spans are still made).</summary>
public sealed class TracedChatServer() : ChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{LocalPorts.Free()}"),
    ];
}

public sealed class TraceTests(TracedChatServer server) : IClassFixture<TracedChatServer>
{
    private const string Prompt = "Words that stay out of every span";

    [Fact]
    public async Task AReplysJobSpanIsAChildOfItsRequestAndHoldsTheModelCallWithoutItsText()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        // Listens to every server of the test run; only this trace's spans are kept.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "KissChat" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        user.Client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var jobId = ChatScenario.JobId(await ChatScenario.SendAndReadAsync(user, chatId, Prompt));
        await ChatScenario.WaitForJobAsync(user, jobId);

        // The request that queued the job names it.
        var request = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("kisschat.job.id") is not null);
        Assert.Equal(jobId.ToString(), request.GetTagItem("kisschat.job.id")!.ToString());
        var job = Assert.Single(spans, s => s.DisplayName == "job chat.reply");
        Assert.Equal(request.SpanId, job.ParentSpanId);
        Assert.Equal("completed", job.GetTagItem("kisschat.job.status"));
        var model = Assert.Single(spans, s => s.GetTagItem("gen_ai.request.model") as string == ChatServer.Model);
        Assert.Equal(job.SpanId, model.ParentSpanId);
        Assert.Contains(spans, s => s.GetTagItem("db.system.name") as string == "sqlite" && s.ParentSpanId == job.SpanId);
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains(Prompt, StringComparison.Ordinal) == true);
    }
}
