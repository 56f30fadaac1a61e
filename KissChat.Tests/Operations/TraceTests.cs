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
        var spans = new ConcurrentQueue<Activity>();
        // Hears every server of the test run; the reply's request span, which names its job, picks out its trace.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "KissChat" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var jobId = ChatScenario.JobId(await ChatScenario.SendAndReadAsync(user, chatId, Prompt));
        await ChatScenario.WaitForJobAsync(user, jobId);
        // The job's span ends just after its end is stored.
        for (var waited = 0; waited < 50 && !spans.Any(s => s.DisplayName == "job chat.reply" && s.GetTagItem("kisschat.job.id")?.ToString() == jobId.ToString()); waited++)
        {
            await Task.Delay(100);
        }

        var request = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("kisschat.job.id")?.ToString() == jobId.ToString());
        var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
        var job = Assert.Single(trace, s => s.DisplayName == "job chat.reply");
        Assert.Equal(request.SpanId, job.ParentSpanId);
        Assert.Equal("completed", job.GetTagItem("kisschat.job.status"));
        var model = Assert.Single(trace, s => s.GetTagItem("gen_ai.request.model") as string == ChatServer.Model);
        Assert.Equal(job.SpanId, model.ParentSpanId);
        Assert.Contains(trace, s => s.GetTagItem("db.system.name") as string == "sqlite" && s.ParentSpanId == job.SpanId);
        Assert.DoesNotContain(trace.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains(Prompt, StringComparison.Ordinal) == true);
    }
}
