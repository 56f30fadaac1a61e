using System.Diagnostics;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Inference;

/// <summary>A reply fails within its total deadline, retry included (issue #10, item 8), over the whole reply path.</summary>
public sealed class ReplyDeadlineTests(ReplyDeadlineTests.TightDeadlineServer server) : IClassFixture<ReplyDeadlineTests.TightDeadlineServer>
{
    [Fact]
    public async Task AHangingModelFailsWithoutARetryThatCannotFitTheTotalDeadline()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var requestsBefore = server.ModelServer.Requests.Count;
        // Only one hang: a retry would get the fake's default reply and complete.
        server.ModelServer.Enqueue(ModelScript.Hang());
        var clock = Stopwatch.StartNew();

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "are you there?");

        Assert.Equal("failed", frames[^2].Status);
        Assert.Equal("The model provider did not respond within 2 s. Try again in a moment.", frames[^2].Json.GetProperty("error").GetString());
        // The one request and the failure (a retry would have got the default reply) prove no retry ran; the upper
        // bound only catches a wait for some other, longer deadline, with room for a busy machine (the deadline
        // itself is timed closely, without HTTP and jobs around it, in OpenAiCompatibleTimeoutTests).
        Assert.Equal(requestsBefore + 1, server.ModelServer.Requests.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
    }

    /// <summary>A total deadline too short for a second whole first-token wait.</summary>
    public sealed class TightDeadlineServer() : ChatServer(TestDatabase.Sqlite)
    {
        public const double TotalSeconds = 3.5;

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [
            .. base.Settings(),
            new("Inference:FirstTokenTimeoutSeconds", "2"),
            new("Inference:TotalTimeoutSeconds", TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
    }
}
