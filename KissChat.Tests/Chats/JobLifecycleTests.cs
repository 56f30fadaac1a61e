using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Chats.Replies;
using KissChat.Jobs;
using KissChat.Jobs.Contracts;
using KissChat.Jobs.Data;
using KissChat.Jobs.Running;
using KissChat.Kernel.Database;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

/// <summary>Paid replies (1 coin of 50), a user may run two at once, and a stopping server gives its replies a second.</summary>
public class PaidChatServer(TestDatabase database) : ChatServer(database)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("CREDITS_ENABLED", "true"),
        new("Credits:CostPerReply", "1"),
        new("RateLimits:ConcurrentGenerationsPerUser", "2"),
    ];
}

/// <summary>
/// A job ends once, whatever ends it (the server stopping, an instance dying, a failed save), with a final frame for
/// its streams, the job row saying so, and at most one refund; and what limits a user is decided before anything is
/// stored. One server per test: several of them stop and restart it.
/// </summary>
/// <summary>A user may have two streams open: one held reply leaves a single place to race for.</summary>
public sealed class FewStreamsServer(TestDatabase database) : PaidChatServer(database), IAsyncDisposable
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [.. base.Settings(), new("RateLimits:OpenStreamsPerUser", "2")];

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}

public abstract class JobLifecycleTests(TestDatabase database) : IAsyncLifetime
{
    private readonly PaidChatServer server = new(database);

    public Task InitializeAsync() => server.InitializeAsync();

    public Task DisposeAsync() => server.DisposeAsync();

    /// <param name="onlyReasoned">The model had only reasoned when the server stopped: that is kept too, on a reply with no text.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AReplyCutShortByAStoppingServerEndsOnceWithAFinalFrameAndOneRefund(bool onlyReasoned)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(onlyReasoned
            ? ModelScript.ThinkThenHold("reasoning", ["never ", "finished "], release.Task)
            : ModelScript.Stream(["never ", "finished ", "reply"], hold: new StreamHold(2, release.Task)));
        using var reply = await ChatScenario.SendAsync(user, chatId, "a long story, please");
        var frames = new List<SseFrame>();
        var reader = Sse.ReadAsync(reply).GetAsyncEnumerator();
        string Streamed() => string.Concat(frames.Where(f => !f.IsDone && f.Status == (onlyReasoned ? "reasoning" : "token")).Select(f => f.Json.GetProperty("delta").GetString()));
        while (Streamed() != "never finished " && await reader.MoveNextAsync())
        {
            frames.Add(reader.Current);
        }

        Assert.Equal(49, await user.KissCoinsAsync());
        var stopping = server.StopAsync();
        while (await reader.MoveNextAsync())
        {
            frames.Add(reader.Current);
        }

        await stopping;
        release.SetResult();
        Assert.Equal("failed", frames[^2].Status);
        Assert.Contains("restarted", frames[^2].Json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("[DONE]", frames[^1].Data);

        var text = onlyReasoned ? string.Empty : "never finished ";
        Assert.Equal(text, frames[^2].Json.GetProperty("response").GetString());
        await server.StartAgainAsync();
        Assert.Equal(50, await user.KissCoinsAsync());
        var job = await ChatScenario.WaitForJobAsync(user, ChatScenario.JobId(frames));
        Assert.Equal("failed", job.GetProperty("status").GetString());
        // What streamed before the server stopped is kept, for the user to continue.
        var kept = (await ChatTransferTests.MessagesAsync(user, chatId))[^1];
        Assert.Equal((text, "interrupted"), (kept.GetProperty("content").GetString(), kept.GetProperty("status").GetString()));
        Assert.Equal(onlyReasoned ? "never finished " : null, kept.GetProperty("reasoning").GetString());
        Assert.Equal("completed", (await ChatScenario.SendAndReadAsync(user, chatId, "again"))[^2].Status);
        Assert.Equal(49, await user.KissCoinsAsync());
    }

    [Fact]
    public async Task AJobLeftByAnInstanceThatIsGoneNoLongerBlocksItsChatAndIsRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var orphan = await AddOrphanAsync(user, chatId, charged: 1);
        await (await ChatScenario.SendAsync(user, chatId, "blocked")).AssertProblemAsync(HttpStatusCode.Conflict);

        if (database == TestDatabase.Sqlite)
        {
            // One instance by definition: whatever is unfinished when it starts was left by its previous run.
            await server.StopAsync();
            await server.StartAgainAsync();
        }

        var job = await WaitForStatusAsync(user, orphan, "failed", TimeSpan.FromSeconds(15));
        Assert.Contains("restarted", job.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(50, await user.KissCoinsAsync());
        var active = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/active")).AssertOkJsonAsync();
        Assert.Equal(JsonValueKind.Null, active.GetProperty("data").ValueKind);
        Assert.Equal("completed", (await ChatScenario.SendAndReadAsync(user, chatId, "free again"))[^2].Status);
    }

    [Fact]
    public async Task StoppingAJobWhoseInstanceIsGoneEndsItAtOnce()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var orphan = await AddOrphanAsync(user, chatId, charged: 1);

        await (await user.Client.PostAsync($"/api/v1/chat/stop/{orphan}", null)).AssertOkJsonAsync(HttpStatusCode.Accepted);

        var job = await (await user.Client.GetAsync($"/api/v1/job/status/{orphan}")).AssertOkJsonAsync();
        Assert.Equal("stopped", job.GetProperty("status").GetString());
        Assert.Equal(50, await user.KissCoinsAsync());
        var stream = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{orphan}"));
        Assert.Equal(["connected", "processing", "stopped"], stream.SkipLast(1).Select(f => f.Status));
    }

    /// <summary>A stop that ends a gone instance's reply keeps what its checkpoints saved, as the sweep would have.</summary>
    [Fact]
    public async Task StoppingAJobWhoseInstanceIsGoneKeepsWhatItsCheckpointsSaved()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var orphan = await AddOrphanAsync(user, chatId, charged: 1, checkpoint: ("So far, so good", "6,9", 2));

        await (await user.Client.PostAsync($"/api/v1/chat/stop/{orphan}", null)).AssertOkJsonAsync(HttpStatusCode.Accepted);

        var job = await (await user.Client.GetAsync($"/api/v1/job/status/{orphan}")).AssertOkJsonAsync();
        var kept = (await ChatTransferTests.MessagesAsync(user, chatId))[^1];
        Assert.Equal(("stopped", "So far, so good"), (job.GetProperty("status").GetString(), job.GetProperty("result").GetProperty("response").GetString()));
        Assert.Equal(("So far, so good", "stopped"), (kept.GetProperty("content").GetString(), kept.GetProperty("status").GetString()));
        Assert.Equal(50, await user.KissCoinsAsync());
    }

    /// <summary>
    /// One ban ends several of a gone instance's replies of its account, one after another in one request: each keeps
    /// what its own checkpoints saved, a new reply and a regeneration alike, and nothing of the one before.
    /// </summary>
    [Fact]
    public async Task ABanEndingSeveralRepliesOfAGoneInstanceKeepsWhatEachSaved()
    {
        var admin = await TestUser.AdministratorAsync(server);
        var user = await TestUser.SignUpAsync(server);
        var (first, second) = (await ChatScenario.NewChatAsync(user), await ChatScenario.NewChatAsync(user));
        await ChatScenario.SendAndReadAsync(user, second, "hello");
        var target = (await ChatTransferTests.MessagesAsync(user, second))[^1].GetProperty("id").GetGuid();
        var reply = await AddOrphanAsync(user, first, charged: 1, checkpoint: ("First kept", "5,5", 2));
        var regeneration = await AddOrphanAsync(user, second, charged: 1, checkpoint: ("Second kept", "6,5", 2), payload: new ReplyPayload(second, null, ReplyModes.Regenerate, target, Charged: 1));

        await (await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/ban", new { reason = "spam" })).AssertOkJsonAsync();

        var statuses = await ExecuteAsync(db => db.Set<Job>().Where(j => j.Id == reply || j.Id == regeneration).Select(j => j.Status).ToListAsync());
        Assert.Equal([JobStatus.Stopped, JobStatus.Stopped], statuses);
        var kept = await ExecuteAsync(db => db.Database.SqlQuery<string>($"""SELECT "content" AS "Value" FROM "chat_messages" WHERE "role" = 'assistant' AND "content" LIKE '% kept' ORDER BY "content" """).ToListAsync());
        Assert.Equal(["First kept", "Second kept"], kept);
    }

    /// <summary>
    /// What a start whose commit is reported lost after PostgreSQL applied it leaves behind: a job stored as this instance's
    /// that does not run here. The sweep ends it, without a restart.
    /// </summary>
    [Fact]
    public async Task AJobThisInstanceLostTrackOfNoLongerBlocksItsChatAndIsRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var lost = await AddOrphanAsync(user, chatId, charged: 1, lockedBy: ThisInstance);
        await (await ChatScenario.SendAsync(user, chatId, "blocked")).AssertProblemAsync(HttpStatusCode.Conflict);

        var job = await WaitForStatusAsync(user, lost, "failed", TimeSpan.FromSeconds(20));
        Assert.Equal(RecoverOrphanedJobs.LostError, job.GetProperty("error").GetString());
        Assert.Equal(50, await user.KissCoinsAsync());
        Assert.Equal("completed", (await ChatScenario.SendAndReadAsync(user, chatId, "free again"))[^2].Status);
    }

    /// <summary>
    /// What streamed after a job's last checkpoint is lost with its instance, but its readers may have had it: the final
    /// frame comes after every id they may hold, so a resume from any of them gets it (before, it took the id of the
    /// first lost token: a reader that had that token was answered 204, or only <c>[DONE]</c>).
    /// </summary>
    [Fact]
    public async Task AJobEndedWithoutWhatItStreamedHasItsFinalFrameAfterEveryIdItsReadersMayHold()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        // Checkpointed: "Hello" and " there" (frames 3 and 4); frames 5 and 6 reached the browser, then the process died.
        var lost = await AddOrphanAsync(user, chatId, charged: 1, lockedBy: ThisInstance, checkpoint: ("Hello there", "5,6", 2));
        await WaitForStatusAsync(user, lost, "failed", TimeSpan.FromSeconds(20));

        var fromStored = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{lost}", lastEventId: 3));
        Assert.Equal(["token", "failed"], fromStored.SkipLast(1).Select(f => f.Status));
        Assert.Equal(4, fromStored[0].Id);
        var final = fromStored[1].Id!.Value;
        Assert.True(final > 6, $"the final frame's id {final} is one a reader may already hold");
        Assert.Equal(final + 1, fromStored[2].Id);

        var fromLost = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{lost}", lastEventId: 6));
        Assert.Equal(["failed"], fromLost.SkipLast(1).Select(f => f.Status));
        Assert.Equal(final, fromLost[0].Id);
        Assert.True(fromLost[^1].IsDone);

        using var afterTheEnd = await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{lost}", lastEventId: final);
        Assert.Equal(HttpStatusCode.NoContent, afterTheEnd.StatusCode);
    }

    /// <summary>What a reply's checkpoints saved before its instance died is kept, text and reasoning, as a provider's failure keeps it.</summary>
    [Fact]
    public async Task AReplyWhoseInstanceDiedKeepsWhatItsCheckpointsSavedAndIsRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var lost = await AddOrphanAsync(user, chatId, charged: 1, lockedBy: ThisInstance, checkpoint: ("Let me think.Once upon a time", "r13,4,5,7", 4));

        var job = await WaitForStatusAsync(user, lost, "failed", TimeSpan.FromSeconds(20));
        var kept = (await ChatTransferTests.MessagesAsync(user, chatId))[^1];

        Assert.Equal("This reply was interrupted before it ended. The reply so far was kept: continue or regenerate it.", job.GetProperty("error").GetString());
        Assert.Equal(("Once upon a time", "Let me think."), (job.GetProperty("result").GetProperty("response").GetString(), job.GetProperty("result").GetProperty("reasoning").GetString()));
        Assert.Equal(("Once upon a time", "interrupted", "Let me think."), (kept.GetProperty("content").GetString(), kept.GetProperty("status").GetString(), kept.GetProperty("reasoning").GetString()));
        Assert.Equal(job.GetProperty("result").GetProperty("message_id").GetString(), kept.GetProperty("id").GetString());
        Assert.Equal(50, await user.KissCoinsAsync());
    }

    /// <summary>What a reply's checkpoints saved is kept when that is only reasoning: on a reply with no text.</summary>
    [Fact]
    public async Task AReplyWhoseInstanceDiedWhileItOnlyReasonedKeepsItsReasoning()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var lost = await AddOrphanAsync(user, chatId, charged: 1, lockedBy: ThisInstance, checkpoint: ("Let me think.", "r7,r6", 2));

        var job = await WaitForStatusAsync(user, lost, "failed", TimeSpan.FromSeconds(20));
        var kept = (await ChatTransferTests.MessagesAsync(user, chatId))[^1];

        Assert.Equal((string.Empty, "Let me think."), (job.GetProperty("result").GetProperty("response").GetString(), job.GetProperty("result").GetProperty("reasoning").GetString()));
        Assert.Equal(
            (job.GetProperty("result").GetProperty("message_id").GetString(), string.Empty, "interrupted", "Let me think."),
            (kept.GetProperty("id").GetString(), kept.GetProperty("content").GetString(), kept.GetProperty("status").GetString(), kept.GetProperty("reasoning").GetString()));
        Assert.Equal(50, await user.KissCoinsAsync());
    }

    /// <summary>
    /// A job lost before its first checkpoint has no start stored, yet its readers may hold <c>processing</c> and tokens:
    /// its final frame still comes after them.
    /// </summary>
    [Fact]
    public async Task AJobLostBeforeItsFirstCheckpointHasItsFinalFrameAfterWhatItsReadersMayHold()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var lost = await AddOrphanAsync(user, chatId, charged: 1, lockedBy: ThisInstance, started: false);

        await (await user.Client.PostAsync($"/api/v1/chat/stop/{lost}", null)).AssertOkJsonAsync(HttpStatusCode.Accepted);
        var resumed = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{lost}", lastEventId: 5));

        Assert.Equal(["stopped"], resumed.SkipLast(1).Select(f => f.Status));
        Assert.True(resumed[0].Id > 5, $"the final frame's id {resumed[0].Id} is one a reader may already hold");
        Assert.True(resumed[^1].IsDone);
    }

    /// <summary>What the sweep must never take for lost: a reply running here, looked at twice half a sweep apart.</summary>
    [Fact]
    public async Task AReplyRunningLongerThanTheSweepsLookIsNotTakenForLost()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        // Under the test server's idle limit of 3 s between tokens, 8 s in all.
        server.ModelServer.Enqueue(ModelScript.Stream(Enumerable.Range(0, 8).Select(i => $"token {i} "), delay: TimeSpan.FromSeconds(1)));

        using var reply = await ChatScenario.SendAsync(user, chatId, "take your time");
        var sweeps = Task.Run(async () =>
        {
            foreach (var _ in Enumerable.Range(0, 2))
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
                await using var scope = server.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<RecoverOrphanedJobs>().Invoke();
            }
        });
        var frames = await Sse.ReadToEndAsync(reply);
        await sweeps;

        Assert.Equal("completed", frames[^2].Status);
        Assert.Equal(49, await user.KissCoinsAsync());
    }

    /// <summary>
    /// Another instance ended a reply running here (its sweep took this one for gone while this one's lock connection was
    /// down): this one's next sweep stops calling the model, and the stream ends with what that instance stored.
    /// </summary>
    [Fact]
    public async Task AReplyEndedByAnotherInstanceStopsHereAtTheNextSweep()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var frames = await ReplyHeldAfterItsFirstTokenAsync(user, chatId, ["a reply ", "kept by nobody"], async () =>
        {
            var finishedAt = DateTime.UtcNow;
            await ExecuteAsync(db => db.Database.ExecuteSqlAsync($"""
                UPDATE "jobs" SET "status" = 'failed', "error" = {RecoverOrphanedJobs.InterruptedError}, "progress" = 100, "finished_at" = {finishedAt},
                    "tokens" = "tokens" + 1000000
                WHERE "subject_id" = {chatId} AND "status" IN ('waiting', 'active')
                """));
            await using var scope = server.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RecoverOrphanedJobs>().Invoke();
        });

        AssertEndedAfterTheFirstToken(frames);
        Assert.Equal(RecoverOrphanedJobs.InterruptedError, frames[3].Json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task StoppingAJobThisInstanceLostTrackOfEndsItAtOnce()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var lost = await AddOrphanAsync(user, chatId, charged: 1, lockedBy: ThisInstance);

        await (await user.Client.PostAsync($"/api/v1/chat/stop/{lost}", null)).AssertOkJsonAsync(HttpStatusCode.Accepted);

        var job = await (await user.Client.GetAsync($"/api/v1/job/status/{lost}")).AssertOkJsonAsync();
        Assert.Equal("stopped", job.GetProperty("status").GetString());
        Assert.Equal(50, await user.KissCoinsAsync());
    }

    [Fact]
    public async Task AReplyWhoseFinalSaveFailsIsRecordedAsFailedAndRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        // The database refuses the reply when it is stored, as a full disk or a lost connection would.
        var frames = await ReplyHeldAfterItsFirstTokenAsync(user, chatId, ["a reply ", "with nowhere to go"], () => ExecuteAsync(db => db.Database.ExecuteSqlRawAsync(database == TestDatabase.Sqlite
            ? "CREATE TRIGGER refuse_reply BEFORE INSERT ON chat_messages WHEN NEW.content LIKE '%nowhere%' BEGIN SELECT RAISE(ABORT, 'refused'); END;"
            : """
              CREATE FUNCTION refuse_reply() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;
              CREATE TRIGGER refuse_reply BEFORE INSERT ON chat_messages FOR EACH ROW WHEN (NEW.content LIKE '%nowhere%') EXECUTE FUNCTION refuse_reply();
              """)));

        Assert.Equal("failed", frames[^2].Status);
        Assert.Equal("The reply could not be saved. Try again.", frames[^2].Json.GetProperty("error").GetString());
        Assert.Equal("failed", (await (await user.Client.GetAsync($"/api/v1/job/status/{ChatScenario.JobId(frames)}")).AssertOkJsonAsync()).GetProperty("status").GetString());
        Assert.Equal(50, await user.KissCoinsAsync());
    }

    /// <summary>Through the API, which also stops the reply: always failed and refunded, never stopped and paid for a chat that is gone.</summary>
    [Fact]
    public async Task AReplyWhoseChatTheUserDeletesMidwayEndsFailedAndRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var frames = await ReplyHeldAfterItsFirstTokenAsync(user, chatId, ["a reply ", "for a chat that is deleted"], async () =>
            await (await user.Client.DeleteAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync());

        Assert.Equal("failed", frames[^2].Status);
        Assert.Equal("The chat was deleted while the reply was being written.", frames[^2].Json.GetProperty("error").GetString());
        Assert.False(frames[^2].Json.TryGetProperty("message_id", out _));
        Assert.Equal(50, await user.KissCoinsAsync());
    }

    [Fact]
    public async Task AReplyWhoseChatIsDeletedWhileItIsWrittenEndsFailedWithNothingStoredAndIsRefunded()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var frames = await ReplyHeldAfterItsFirstTokenAsync(user, chatId, ["a reply ", "for a chat that is gone"], async () =>
        {
            Assert.Equal(49, await user.KissCoinsAsync());
            await ExecuteAsync(db => db.Database.ExecuteSqlAsync($"""DELETE FROM "chats" WHERE "id" = {chatId}"""));
        });

        Assert.Equal("failed", frames[^2].Status);
        Assert.Equal("The chat was deleted while the reply was being written.", frames[^2].Json.GetProperty("error").GetString());
        Assert.Equal(50, await user.KissCoinsAsync());
        var job = await (await user.Client.GetAsync($"/api/v1/job/status/{ChatScenario.JobId(frames)}")).AssertOkJsonAsync();
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal(0, await ExecuteAsync(db => db.Database.SqlQuery<int>($"""SELECT (SELECT COUNT(*) FROM "chat_messages" WHERE "content" LIKE '%gone%') + (SELECT COUNT(*) FROM "message_swipes" WHERE "content" LIKE '%gone%') AS "Value" """).SingleAsync()));
    }

    /// <summary>
    /// The chat deleted between a regenerated reply's checks and its save (here by a trigger, at the save): the reply ends
    /// failed saying so, not with the server's "could not be saved", and is refunded.
    /// </summary>
    [Fact]
    public async Task ARegenerateWhoseChatGoesAsItIsSavedEndsFailedSayingSo()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        await ChatScenario.SendAndReadAsync(user, chatId, "hello");
        server.ModelServer.Enqueue(ModelScript.Stream(["a swipe ", "that will vanish"]));
        await ExecuteAsync(db => db.Database.ExecuteSqlRawAsync(database == TestDatabase.Sqlite
            ? "CREATE TRIGGER vanish BEFORE INSERT ON message_swipes WHEN NEW.content LIKE '%vanish%' BEGIN DELETE FROM chats WHERE id = (SELECT chat_id FROM chat_messages WHERE id = NEW.message_id); END;"
            : """
              CREATE FUNCTION vanish() RETURNS trigger AS $$ BEGIN DELETE FROM chats WHERE id = (SELECT chat_id FROM chat_messages WHERE id = NEW.message_id); RETURN NEW; END $$ LANGUAGE plpgsql;
              CREATE TRIGGER vanish BEFORE INSERT ON message_swipes FOR EACH ROW WHEN (NEW.content LIKE '%vanish%') EXECUTE FUNCTION vanish();
              """));

        var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));

        Assert.Equal("failed", frames[^2].Status);
        Assert.Equal("The chat or its message was deleted while the reply was being written.", frames[^2].Json.GetProperty("error").GetString());
        Assert.Equal(49, await user.KissCoinsAsync());
    }

    /// <summary>
    /// The account deleted mid-reply: the reply stops (its model is read no further) and its stream still ends with a final
    /// frame and <c>[DONE]</c>, though the job's row went with the account.
    /// </summary>
    [Fact]
    public async Task AReplyWhoseAccountIsDeletedWhileItIsWrittenStopsAndItsStreamStillEnds()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var frames = await ReplyHeldAfterItsFirstTokenAsync(user, chatId, ["a reply ", "for an account ", "that is gone"], async () =>
            await (await user.Client.DeleteAsync($"/api/v1/user/delete/{user.Id}")).AssertOkJsonAsync());

        // Stored before the account went ("stopped"), or not ("failed", the account deleted).
        AssertEndedAfterTheFirstToken(frames);
    }

    /// <summary>An author deleting their character deletes their chats with it, and stops the reply one of them was getting.</summary>
    [Fact]
    public async Task AReplyWhoseCharacterIsDeletedByItsAuthorStops()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var characterId = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data").GetProperty("character").GetProperty("id").GetGuid();

        var frames = await ReplyHeldAfterItsFirstTokenAsync(user, chatId, ["a reply ", "for a character ", "that is gone"], async () =>
            await (await user.Client.DeleteAsync($"/api/v1/character/delete/{characterId}")).AssertOkJsonAsync());

        // Stopped, or failed for the chat it was written for being gone.
        AssertEndedAfterTheFirstToken(frames);
    }

    /// <summary>A ban ends the account's sessions and its replies under way: the model is read no further.</summary>
    [Fact]
    public async Task AReplyWhoseAccountIsBannedWhileItIsWrittenStopsWithWhatItHad()
    {
        var admin = await TestUser.AdministratorAsync(server);
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);

        var frames = await ReplyHeldAfterItsFirstTokenAsync(user, chatId, ["a reply ", "from an account ", "now banned"], async () =>
            await (await admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{user.Id}/ban", new { reason = "spam" })).AssertOkJsonAsync());

        Assert.Equal(["connected", "processing", "token", "stopped"], frames.Take(4).Select(f => f.Status));
        Assert.Equal(5, frames.Count);
        Assert.True(frames[4].IsDone);
        Assert.Equal(["a reply "], await ExecuteAsync(db => db.Database.SqlQuery<string>($"""SELECT "content" AS "Value" FROM "chat_messages" WHERE "chat_id" = {chatId} AND "role" = 'assistant' AND "content" LIKE 'a reply%'""").ToListAsync()));
    }

    [Fact]
    public async Task RepliesStartedAtTheSameMomentNeverExceedTheUsersGenerationLimit()
    {
        var user = await TestUser.SignUpAsync(server);
        var release = new TaskCompletionSource();
        for (var i = 0; i < 6; i++)
        {
            server.ModelServer.Enqueue(ModelScript.Stream(["held"], hold: new StreamHold(0, release.Task)));
        }

        var chats = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ChatScenario.NewChatAsync(user)));
        var responses = await Task.WhenAll(chats.Select(chatId => ChatScenario.SendAsync(user, chatId, "all at once")));
        try
        {
            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
            Assert.Equal(48, await user.KissCoinsAsync());
        }
        finally
        {
            release.SetResult();
            responses.ToList().ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task AReplyRefusedForTooManyOpenStreamsStoredNothing()
    {
        await using var fewStreams = new FewStreamsServer(database);
        await fewStreams.InitializeAsync();
        var user = await TestUser.SignUpAsync(fewStreams);
        var release = new TaskCompletionSource();
        fewStreams.ModelServer.Enqueue(ModelScript.Stream(["held"], hold: new StreamHold(0, release.Task)));
        using var held = await ChatScenario.SendAsync(user, await ChatScenario.NewChatAsync(user), "keep a stream open");
        var heldJob = ChatScenario.JobId(await Sse.ReadAsync(held).Take(1).ToListAsync());
        var chatId = await ChatScenario.NewChatAsync(user);
        try
        {
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var messages = await MessageCountAsync(fewStreams, chatId);
                var coins = await user.KissCoinsAsync();
                fewStreams.ModelServer.Enqueue(ModelScript.Stream(["quick"]));
                // The reply and another tab's stream race for the user's last open-stream place.
                var tab = Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{heldJob}");
                using var reply = await ChatScenario.SendAsync(user, chatId, $"attempt {attempt}");
                using var other = await tab;

                if (reply.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Assert.Equal(messages, await MessageCountAsync(fewStreams, chatId));
                    Assert.Equal(coins, await user.KissCoinsAsync());
                }
                else
                {
                    Assert.Equal("completed", (await Sse.ReadToEndAsync(reply))[^2].Status);
                }
            }
        }
        finally
        {
            release.SetResult();
        }
    }

    /// <param name="lockedBy">The instance the job is stored as running on: by default one that is gone.</param>
    /// <param name="checkpoint">What its last checkpoint saved, if anything.</param>
    /// <param name="started">Whether a checkpoint saved its start.</param>
    private async Task<Guid> AddOrphanAsync(
        TestUser user, Guid chatId, int charged, string lockedBy = "gone-host-4242-00000000deadbeef", (string Text, string TokenLengths, int Tokens)? checkpoint = null,
        bool started = true, ReplyPayload? payload = null)
    {
        await ExecuteAsync(db => db.Set<KissChat.Users.Data.Premium>().Where(p => p.UserId == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.KissCoins, p => p.KissCoins - charged)));
        var id = Guid.CreateVersion7();
        await ExecuteAsync(async db =>
        {
            db.Add(new Job
            {
                Id = id,
                UserId = user.Id,
                Kind = ChatReplyHandler.Kind,
                SubjectId = chatId,
                Status = JobStatus.Active,
                Payload = JsonSerializer.Serialize(payload ?? new ReplyPayload(chatId, null, Charged: charged)),
                LockedBy = lockedBy,
                CreatedAt = DateTime.UtcNow.AddSeconds(-10),
                StartedAt = started ? DateTime.UtcNow.AddSeconds(-10) : null,
                Text = checkpoint?.Text,
                TokenLengths = checkpoint?.TokenLengths,
                Tokens = checkpoint?.Tokens ?? 0,
            });
            return await db.SaveChangesAsync();
        });
        return id;
    }

    private static async Task<JsonElement> WaitForStatusAsync(TestUser user, Guid jobId, string status, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var job = await (await user.Client.GetAsync($"/api/v1/job/status/{jobId}")).AssertOkJsonAsync();
            if (job.GetProperty("status").GetString() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, job.GetProperty("status").GetString());
                return job;
            }

            await Task.Delay(250);
        }
    }

    private static Task<int> MessageCountAsync(KissChatServer on, Guid chatId) =>
        ExecuteAsync(on, db => db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM chat_messages WHERE chat_id = {chatId}").SingleAsync());

    /// <summary>
    /// Sends a message whose reply the model holds after its first token, does <paramref name="meanwhile"/> then, and
    /// reads the reply's stream to its end.
    /// </summary>
    private async Task<List<SseFrame>> ReplyHeldAfterItsFirstTokenAsync(TestUser user, Guid chatId, string[] tokens, Func<Task> meanwhile)
    {
        var release = new TaskCompletionSource();
        server.ModelServer.Enqueue(ModelScript.Stream(tokens, hold: new StreamHold(1, release.Task)));
        using var reply = await ChatScenario.SendAsync(user, chatId, "hello");
        var frames = new List<SseFrame>();
        await using var reader = Sse.ReadAsync(reply).GetAsyncEnumerator();
        while (frames.Count < 3 && await reader.MoveNextAsync())
        {
            frames.Add(reader.Current);
        }

        await meanwhile();
        release.SetResult();
        while (await reader.MoveNextAsync())
        {
            frames.Add(reader.Current);
        }

        return frames;
    }

    /// <summary>Nothing came after the first token: the reply ended there, stopped or failed, and its stream with it.</summary>
    private static void AssertEndedAfterTheFirstToken(List<SseFrame> frames)
    {
        Assert.Equal(["connected", "processing", "token"], frames.Take(3).Select(f => f.Status));
        Assert.Equal(5, frames.Count);
        Assert.Contains(frames[3].Status, new[] { "stopped", "failed" });
        Assert.True(frames[4].IsDone);
    }

    private string ThisInstance => server.Services.GetRequiredService<InstanceId>().Value;

    private Task<T> ExecuteAsync<T>(Func<KissChatDbContext, Task<T>> work) => ExecuteAsync(server, work);

    private static Task<T> ExecuteAsync<T>(KissChatServer on, Func<KissChatDbContext, Task<T>> work) =>
        on.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(work);

}

public sealed class JobLifecycleTestsOnSqlite() : JobLifecycleTests(TestDatabase.Sqlite);

public sealed class JobLifecycleTestsOnPostgres() : JobLifecycleTests(TestDatabase.Postgres);
