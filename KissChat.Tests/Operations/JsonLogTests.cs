using System.Diagnostics;
using System.Text.Json;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Operations;

/// <summary><c>LOG_FORMAT=json</c>, read from the console of the built server in a process of its own, as a log shipper reads it.</summary>
public sealed class JsonLogTests
{
    private const string Prompt = "A secret the log must never hold";

    [Fact]
    public async Task AReplyIsLoggedAsJsonLinesCarryingItsTraceIdItsJobAndItsUserButNotItsText()
    {
        await using var model = await FakeModelServer.StartAsync();
        await using var server = await ServerProcess.StartAsync(Path.GetTempPath(), new Dictionary<string, string>
        {
            ["LOG_FORMAT"] = "json",
            ["AI_PROVIDER"] = "vastai",
            ["VASTAI_INSTANCE_IP"] = "127.0.0.1",
            ["VASTAI_INSTANCE_PORT"] = model.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["VASTAI_MODEL"] = ChatServer.Model,
        });
        var user = await TestUser.SignUpAsync(server.CreateClient());
        var chatId = await ChatScenario.NewChatAsync(user);
        // The trace a calling service (or a browser's tracing) would have started: the reply continues it.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        user.Client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, Prompt);
        var jobId = ChatScenario.JobId(frames).ToString();
        var lines = await TraceAsync(server, traceId, RequestLine, EndedLine);

        var request = Assert.Single(lines, RequestLine);
        Assert.Equal(user.Id.ToString(), request.GetProperty("user_id").GetString());
        Assert.Equal("information", request.GetProperty("level").GetString());
        Assert.True(DateTimeOffset.TryParse(request.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        // The job runs in the background, yet its lines carry the trace of the request that queued it.
        var ended = Assert.Single(lines, EndedLine);
        Assert.Equal(jobId, ended.GetProperty("job_id").GetString());
        Assert.Equal(user.Id.ToString(), ended.GetProperty("user_id").GetString());
        Assert.DoesNotContain(Prompt, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("the fake model", server.Output, StringComparison.Ordinal);
    }

    private static bool RequestLine(JsonElement line) => Message(line).StartsWith("POST /api/v1/chat/response answered 200 ", StringComparison.Ordinal);

    private static bool EndedLine(JsonElement line) => Message(line).StartsWith("Job of kind chat.reply ended completed", StringComparison.Ordinal);

    private static string Message(JsonElement line) => line.GetProperty("message").GetString()!;

    /// <summary>
    /// The server's lines of one trace, once one line matches each of <paramref name="expected"/> (the request's line is
    /// written when its stream ends, the job's just before). Every console line must be one JSON object.
    /// </summary>
    private static async Task<List<JsonElement>> TraceAsync(ServerProcess server, string traceId, params Func<JsonElement, bool>[] expected)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(line => line.TryGetProperty("trace_id", out var trace) && trace.GetString() == traceId)
                .ToList();
            if (expected.All(wanted => lines.Any(wanted)))
            {
                return lines;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"the trace's lines did not all come:\n{server.Output}");
            await Task.Delay(100);
        }
    }
}
