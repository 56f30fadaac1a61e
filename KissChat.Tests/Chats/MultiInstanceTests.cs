using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using KissChat.Kernel.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

public sealed class MultiInstanceTests(TwoInstances instances, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task AStreamResumedOnAnotherInstanceGetsEveryRemainingFrameAsItIsWritten()
    {
        var (onFirst, onSecond) = await SignedInOnBothAsync();
        var chatId = await ChatScenario.NewChatAsync(onFirst);
        var release = new TaskCompletionSource();
        instances.First.ModelServer.Enqueue(ModelScript.Stream(["across ", "two ", "instances ", "it ", "works"], TimeSpan.FromMilliseconds(150), new StreamHold(2, release.Task)));

        var first = new List<SseFrame>();
        using (var response = await ChatScenario.SendAsync(onFirst, chatId, "hello from A"))
        {
            await foreach (var frame in Sse.ReadAsync(response))
            {
                first.Add(frame);
                if (ChatScenario.Tokens(first) == "across two ")
                {
                    break;
                }
            }
        }

        var resumed = Sse.OpenAsync(onSecond.Client, HttpMethod.Get, $"/api/v1/chat/stream/{ChatScenario.JobId(first)}", lastEventId: first[^1].Id);
        release.SetResult();
        var rest = await Sse.ReadToEndAsync(await resumed, TimeSpan.FromSeconds(20));

        Assert.Equal("across two instances it works", ChatScenario.Tokens(first) + ChatScenario.Tokens(rest));
        Assert.Equal(first[^1].Id + 1, rest[0].Id);
        Assert.Equal("completed", rest[^2].Status);
        Assert.Equal(4, rest[^2].Json.GetProperty("chatHistory").GetArrayLength() + 1);
    }

    /// <summary>
    /// Found by a helper: PostgreSQL restarting mid-reply broke every stream read on another instance than the reply's,
    /// with an unhandled error. Here that instance's pooled connections are cut (as a restart cuts them) while it reads.
    /// </summary>
    [Fact]
    public async Task AStreamReadOnAnotherInstanceRidesOutItsDatabaseConnectionsBeingCut()
    {
        var (onFirst, onSecond) = await SignedInOnBothAsync();
        var chatId = await ChatScenario.NewChatAsync(onFirst);
        var release = new TaskCompletionSource();
        instances.First.ModelServer.Enqueue(ModelScript.Stream(["through ", "a ", "cut ", "connection"], TimeSpan.FromMilliseconds(100), new StreamHold(1, release.Task)));
        var first = new List<SseFrame>();
        using (var response = await ChatScenario.SendAsync(onFirst, chatId, "hello from A"))
        {
            await foreach (var frame in Sse.ReadAsync(response))
            {
                first.Add(frame);
                if (ChatScenario.Tokens(first) == "through ")
                {
                    break;
                }
            }
        }

        // Its headers come with its first frame, once the reply goes on.
        var resumed = Sse.OpenAsync(onSecond.Client, HttpMethod.Get, $"/api/v1/chat/stream/{ChatScenario.JobId(first)}", lastEventId: first[^1].Id);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await using (var scope = instances.First.Services.CreateAsyncScope())
        {
            var cut = await scope.ServiceProvider.GetRequiredService<KissChatDbContext>().Database.SqlQuery<bool>(
                $"SELECT pg_terminate_backend(pid) AS \"Value\" FROM pg_stat_activity WHERE application_name = {TwoInstances.SecondApplicationName} AND query NOT ILIKE 'LISTEN%'").ToListAsync();
            output.WriteLine($"{cut.Count} connections of the second instance cut");
            Assert.NotEmpty(cut);
        }

        release.SetResult();
        var rest = await Sse.ReadToEndAsync(await resumed, TimeSpan.FromSeconds(20));

        Assert.Equal("through a cut connection", ChatScenario.Tokens(first) + ChatScenario.Tokens(rest));
        Assert.Equal("completed", rest[^2].Status);
        Assert.Equal("[DONE]", rest[^1].Data);
    }

    [Fact]
    public async Task AStopSentToAnotherInstanceStopsTheGeneration()
    {
        var (onFirst, onSecond) = await SignedInOnBothAsync();
        var chatId = await ChatScenario.NewChatAsync(onFirst);
        var release = new TaskCompletionSource();
        instances.First.ModelServer.Enqueue(ModelScript.Stream(["kept ", "lost"], hold: new StreamHold(1, release.Task)));
        using var response = await ChatScenario.SendAsync(onFirst, chatId, "stop me elsewhere");
        var frames = new List<SseFrame>();
        var reader = Sse.ReadAsync(response).GetAsyncEnumerator();
        while (ChatScenario.Tokens(frames) != "kept " && await reader.MoveNextAsync())
        {
            frames.Add(reader.Current);
        }

        var stop = await onSecond.Client.PostAsync($"/api/v1/chat/stop/{ChatScenario.JobId(frames)}", null);

        await stop.AssertOkJsonAsync(HttpStatusCode.Accepted);
        while (await reader.MoveNextAsync())
        {
            frames.Add(reader.Current);
        }

        release.SetResult();
        Assert.Equal("stopped", frames[^2].Status);
        Assert.Equal("kept ", frames[^2].Json.GetProperty("response").GetString());
    }

    [Fact]
    public async Task AnInstanceKilledMidReplyHasItsReplyFailedAndItsChatFreedWithinFifteenSeconds()
    {
        var survivor = instances.First;
        var user = await TestUser.SignUpAsync(survivor);
        var chatId = await ChatScenario.NewChatAsync(user);
        await using var doomed = await ServerProcess.StartAsync(Path.GetTempPath(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = survivor.PostgresConnectionString,
            ["AI_PROVIDER"] = "vastai",
            ["VASTAI_INSTANCE_IP"] = "127.0.0.1",
            ["VASTAI_INSTANCE_PORT"] = survivor.ModelServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["VASTAI_MODEL"] = ChatServer.Model,
        });
        var onDoomed = user with { Client = doomed.CreateClient() };
        onDoomed.Client.DefaultRequestHeaders.Authorization = new("Bearer", user.AccessToken);
        var release = new TaskCompletionSource();
        survivor.ModelServer.Enqueue(ModelScript.Stream(["half ", "a reply"], hold: new StreamHold(1, release.Task)));
        using var reply = await ChatScenario.SendAsync(onDoomed, chatId, "hello from the doomed one");
        var frames = await Sse.ReadAsync(reply).Take(3).ToListAsync();

        doomed.Kill();
        var killedAt = System.Diagnostics.Stopwatch.StartNew();
        JsonElement job;
        do
        {
            await Task.Delay(250);
            job = await (await user.Client.GetAsync($"/api/v1/job/status/{ChatScenario.JobId(frames)}")).AssertOkJsonAsync();
        }
        while (job.GetProperty("status").GetString() is "waiting" or "active" && killedAt.Elapsed < TimeSpan.FromSeconds(30));

        release.SetResult();

        output.WriteLine($"The killed instance's reply was failed {killedAt.Elapsed.TotalSeconds:0.0} s after the kill.");
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(15), $"the orphan was ended after {killedAt.Elapsed}");
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal("completed", (await ChatScenario.SendAndReadAsync(user, chatId, "anyone there?"))[^2].Status);
    }

    [Fact]
    public async Task AReplyStartsOnlyOnceAnotherInstanceHasLetGoOfItsUser()
    {
        // A reply's start counts the user's running replies under a lock on the user, so that two starts at once, on any
        // instances, cannot both pass the count. Here another instance holds that lock in a transaction of its own.
        var user = await TestUser.SignUpAsync(instances.First);
        var chatId = await ChatScenario.NewChatAsync(user);
        await using var scope = instances.Second.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        Task<HttpResponseMessage> sending;
        await using (await db.BeginWriteAsync(CancellationToken.None))
        {
            await db.LockAsync(user.Id, CancellationToken.None);
            sending = ChatScenario.SendAsync(user, chatId, "after the lock");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.False(sending.IsCompleted);
        }

        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("completed", (await Sse.ReadToEndAsync(response))[^2].Status);
    }

    /// <summary>One account, one browser per instance: sessions are valid on every instance sharing the database.</summary>
    private async Task<(TestUser First, TestUser Second)> SignedInOnBothAsync()
    {
        var user = await TestUser.SignUpAsync(instances.First);
        var client = instances.Second.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password, method = "email" });
        await login.AssertOkJsonAsync();
        return (user, user with { Client = client });
    }
}
