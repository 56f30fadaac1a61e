using System.Net;
using System.Net.Http.Json;
using System.Text;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>Another user's ids get 403/404 and none of the data; bad input gets a 400 naming the field.</summary>
public abstract class ChatAccessTests(ChatServer server)
{
    [Fact]
    public async Task AnotherUserCannotTouchMyCharacterChatJobOrStream()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(owner);
        var chatId = await ChatScenario.NewChatAsync(owner, characterId);
        var frames = await ChatScenario.SendAndReadAsync(owner, chatId, "my secret diary");
        var jobId = ChatScenario.JobId(frames);
        var chatBefore = await owner.Client.GetStringAsync($"/api/v1/chat/{chatId}");

        var responses = new[]
        {
            await intruder.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_id = characterId }),
            await ChatScenario.SendAsync(intruder, chatId, "let me in"),
            await intruder.Client.GetAsync($"/api/v1/job/status/{jobId}"),
            await intruder.Client.GetAsync($"/api/v1/chat/stream/{jobId}"),
        };

        foreach (var response in responses)
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            Assert.DoesNotContain("secret diary", problem.ToString(), StringComparison.Ordinal);
        }

        // Nothing another user tries may change the owner's chat, not even its time.
        Assert.Equal(chatBefore, await owner.Client.GetStringAsync($"/api/v1/chat/{chatId}"));
    }

    [Fact]
    public async Task UnknownIdsAreNotFound()
    {
        var user = await TestUser.SignUpAsync(server);
        var unknown = Guid.NewGuid();

        await (await user.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_id = unknown })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ChatScenario.SendAsync(user, unknown, "hello?")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.GetAsync($"/api/v1/job/status/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.Client.GetAsync($"/api/v1/chat/stream/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ChatRoutesNeedAuthentication()
    {
        var anonymous = server.CreateClient();

        await (await anonymous.PostAsJsonAsync("/api/v1/chat/new", new { character_id = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/chat/response", new { chat_id = Guid.NewGuid(), prompt = "hi" })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/v1/job/status/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/v1/chat/stream/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string> BadMessages => new()
    {
        { "{\"prompt\": \"hi\"}", "chat_id" },
        { "{\"chat_id\": \"not-a-uuid\", \"prompt\": \"hi\"}", "chat_id" },
        { "{\"chat_id\": \"CHAT\"}", "prompt" },
        { "{\"chat_id\": \"CHAT\", \"prompt\": \"   \"}", "prompt" },
        { "{\"chat_id\": \"CHAT\", \"prompt\": \"LONG\"}", "prompt" },
        { "{\"chat_id\": \"CHAT\", \"prompt\": \"nul \\u0000 byte\"}", "prompt" },
        { "{\"chat_id\": \"CHAT\", \"prompt\": \"hi\", \"max_tokens\": 0}", "max_tokens" },
        { "{\"chat_id\": \"CHAT\", \"prompt\": \"hi\", \"max_tokens\": 100000}", "max_tokens" },
        { "{\"chat_id\": \"CHAT\", \"prompt\": \"hi\", \"temperature\": 3}", "temperature" },
        { "{\"chat_id\": \"CHAT\", \"prompt\": \"hi\", \"temperature\": \"hot\"}", "temperature" },
        { "{\"chat_id\": \"CHAT\", \"prompt\": \"hi\", \"model\": \"gpt-9-secret\"}", "model" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task BadMessagesAreRejectedNamingTheFieldAndNothingIsStored(string template, string field)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var json = template.Replace("CHAT", chatId.ToString(), StringComparison.Ordinal).Replace("LONG", new string('a', 8001), StringComparison.Ordinal);

        var response = await user.Client.PostAsync("/api/v1/chat/response", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        // One message for what is wrong, not one per rule it breaks (a blank prompt was "empty" and "blank").
        Assert.Equal(1, messages.GetArrayLength());
        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "a good message");
        Assert.Equal(3, frames[^2].Json.GetProperty("chatHistory").GetArrayLength());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    public async Task ABadLastEventIdIsABadRequest(string lastEventId)
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var jobId = ChatScenario.JobId(await ChatScenario.SendAndReadAsync(user, chatId, "hi"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/chat/stream/{jobId}");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);

        var response = await user.Client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ANewChatNeedsACharacterId()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsJsonAsync("/api/v1/chat/new", new { });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("character_id", out _));
    }

    [Fact]
    public async Task ACharacterWithoutAGreetingStartsWithAnEmptyChat()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user, await ChatScenario.CreateCharacterAsync(user, greeting: null));

        var frames = await ChatScenario.SendAndReadAsync(user, chatId, "hi");

        var roles = frames[^2].Json.GetProperty("chatHistory").EnumerateArray().Select(m => m.GetProperty("role").GetString());
        Assert.Equal(["user", "assistant"], roles);
    }

    [Fact]
    public async Task ADeletedAccountsStillUnexpiredTokenIsRefusedEverywhere()
    {
        var author = await TestUser.SignUpAsync(server);
        var create = await author.Client.PostAsJsonAsync("/api/v1/character/create", new { name = "Open", visibility = "public" });
        var publicCharacter = (await create.AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetGuid();
        var leaver = await TestUser.SignUpAsync(server);
        var bearer = new HttpClient { BaseAddress = server.BaseAddress };
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", leaver.AccessToken);
        await (await leaver.Client.DeleteAsync($"/api/v1/user/delete/{leaver.Id}")).AssertOkJsonAsync();

        var chat = await bearer.PostAsJsonAsync("/api/v1/chat/new", new { character_id = publicCharacter });
        var me = await bearer.GetAsync("/api/v1/auth/me");

        Assert.Equal("This account no longer exists.", (await chat.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("error").GetString());
        await me.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeletingTheAccountRemovesItsChatsAndJobs()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var jobId = ChatScenario.JobId(await ChatScenario.SendAndReadAsync(user, chatId, "forget me"));

        await (await user.Client.DeleteAsync($"/api/v1/user/delete/{user.Id}")).AssertOkJsonAsync();

        var newcomer = await TestUser.SignUpAsync(server);
        await (await ChatScenario.SendAsync(newcomer, chatId, "anyone?")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await newcomer.Client.GetAsync($"/api/v1/job/status/{jobId}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class ChatAccessTestsOnSqlite(SqliteChatServer server) : ChatAccessTests(server), IClassFixture<SqliteChatServer>;

public sealed class ChatAccessTestsOnPostgres(PostgresChatServer server) : ChatAccessTests(server), IClassFixture<PostgresChatServer>;
