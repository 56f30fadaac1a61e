using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Tests.Characters;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Chats;

/// <summary>Group chats: members in order, who speaks next, the speaker's prompt, and speakers kept through swipes and exports.</summary>
public abstract class GroupChatTests(ChatServer server)
{
    private FakeModelServer Model => server.ModelServer;

    [Fact]
    public async Task AGroupChatKeepsItsCharactersInOrderAndOpensWithEachGreetingSaidByItsCharacter()
    {
        var user = await TestUser.SignUpAsync(server);
        var mira = await CharacterAsync(user, "Mira", greeting: "Welcome, {{user}}! I'm {{char}}.");
        var bo = await CharacterAsync(user, "Bo", greeting: "Bo here.");
        var cy = await CharacterAsync(user, "Cy");

        var chatId = await NewGroupAsync(user, new { character_ids = new[] { mira, bo, cy }, group = new { strategy = "natural", muted = new[] { cy } } });

        var chat = await GetChatAsync(user, chatId);
        Assert.Equal("Mira, Bo, Cy", chat.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, chat.GetProperty("character").ValueKind);
        Assert.Equal("natural", chat.GetProperty("group").GetProperty("strategy").GetString());
        var members = chat.GetProperty("group").GetProperty("members").EnumerateArray()
            .Select(m => (m.GetProperty("id").GetGuid(), m.GetProperty("name").GetString(), m.GetProperty("muted").GetBoolean()));
        Assert.Equal([(mira, "Mira", false), (bo, "Bo", false), (cy, "Cy", true)], members);
        var messages = (await MessagesAsync(user, chatId)).Select(m => (m.GetProperty("content").GetString(), m.GetProperty("character_id").GetGuid(), m.GetProperty("character_name").GetString()));
        Assert.StartsWith("Welcome, ", messages.First().Item1, StringComparison.Ordinal);
        Assert.EndsWith("! I'm Mira.", messages.First().Item1, StringComparison.Ordinal);
        Assert.Equal([(mira, "Mira"), (bo, "Bo")], messages.Select(m => (m.Item2, m.Item3)));

        var singleId = await ChatScenario.NewChatAsync(user, mira);
        var single = await GetChatAsync(user, singleId);
        Assert.Equal(JsonValueKind.Null, single.GetProperty("group").ValueKind);
        Assert.Equal("Mira", single.GetProperty("character").GetProperty("name").GetString());

        // The chat list shows a group's members in their order, for their avatars; a one-character chat has none.
        var listed = (await (await user.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetGuid());
        Assert.Equal(["Mira", "Bo", "Cy"], listed[chatId].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal([mira, bo, cy], listed[chatId].GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, listed[singleId].GetProperty("members").ValueKind);
        var notPinned = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { pinned = true })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("group chat", notPinned.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListStrategyGoesInTurnAndMutedCharactersNeverSpeak()
    {
        var user = await TestUser.SignUpAsync(server);
        var (a, b, c) = (await CharacterAsync(user, "Ann"), await CharacterAsync(user, "Ben"), await CharacterAsync(user, "Cat"));
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b, c } });
        Assert.Equal("list", (await GetChatAsync(user, chatId)).GetProperty("group").GetProperty("strategy").GetString());

        Assert.Equal(a, await ReplySpeakerAsync(user, chatId, "one"));
        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "two"));
        Assert.Equal(c, await ReplySpeakerAsync(user, chatId, "three"));

        var patched = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { group = new { muted = new[] { a } } })).AssertOkJsonAsync();
        Assert.Equal([true, false, false], patched.GetProperty("data").GetProperty("group").GetProperty("members").EnumerateArray().Select(m => m.GetProperty("muted").GetBoolean()));
        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "four"));
        Assert.Equal(c, await ReplySpeakerAsync(user, chatId, "five"));
        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "six"));
        var asked = await ChatScenario.SendAsync(user, chatId, "seven", new { character_id = a });
        Assert.True((await asked.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("character_id", out _));

        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { group = new { muted = new[] { a, b, c } } })).AssertOkJsonAsync();
        await (await ChatScenario.SendAsync(user, chatId, "anyone?")).AssertProblemAsync(HttpStatusCode.Conflict);
        var speakers = (await MessagesAsync(user, chatId)).Where(m => m.GetProperty("role").GetString() == "assistant").Select(m => m.GetProperty("character_id").GetGuid());
        Assert.Equal([a, b, c, b, c, b], speakers);
    }

    [Fact]
    public async Task TheNaturalStrategyAnswersWithTheCharacterNamedInTheMessageElseInTurn()
    {
        var user = await TestUser.SignUpAsync(server);
        var (a, b, c) = (await CharacterAsync(user, "Ann"), await CharacterAsync(user, "Ben"), await CharacterAsync(user, "Cat"));
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b, c }, group = new { strategy = "natural" } });

        Assert.Equal(c, await ReplySpeakerAsync(user, chatId, "What do you think, cat? And you, Ben?"));
        Assert.Equal(a, await ReplySpeakerAsync(user, chatId, "Nobody in particular (not even Bennet)."));
        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "Go on."));

        await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { group = new { strategy = "list", muted = Array.Empty<Guid>() } })).AssertOkJsonAsync();
        Assert.Equal(c, await ReplySpeakerAsync(user, chatId, "Ann, your turn?"));
    }

    [Fact]
    public async Task TheManualStrategyNeedsCharacterIdAndOnlyUnmutedMembersMaySpeak()
    {
        var user = await TestUser.SignUpAsync(server);
        var (a, b, outsider) = (await CharacterAsync(user, "Ann"), await CharacterAsync(user, "Ben"), await CharacterAsync(user, "Out"));
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b }, group = new { strategy = "manual", muted = new[] { b } } });

        var messagesBefore = (await MessagesAsync(user, chatId)).Count;
        foreach (var choice in new Guid?[] { null, outsider, b })
        {
            var response = await ChatScenario.SendAsync(user, chatId, "hello", choice is null ? null : new { character_id = choice });
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("character_id", out _), problem.ToString());
        }

        var preview = await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=hi");
        Assert.True((await preview.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("character_id", out _));
        Assert.Equal(messagesBefore, (await MessagesAsync(user, chatId)).Count);
        Assert.Equal(a, await ReplySpeakerAsync(user, chatId, "hello", a));

        var single = await ChatScenario.NewChatAsync(user, a);
        var singleProblem = await (await ChatScenario.SendAsync(user, single, "hi", new { character_id = a })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(singleProblem.GetProperty("errors").TryGetProperty("character_id", out _));
        var notAGroup = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{single}", new { group = new { strategy = "list" } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(notAGroup.GetProperty("errors").TryGetProperty("group", out _));
        var strangerMuted = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { group = new { muted = new[] { outsider } } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(strangerMuted.GetProperty("errors").TryGetProperty("group.muted", out _), strangerMuted.ToString());
    }

    [Fact]
    public async Task AnImpersonationAnswersTheMemberWhoSpokeLastOrTheOneNamedMutedOrNot()
    {
        var user = await TestUser.SignUpAsync(server);
        var (a, b, outsider) = (await CharacterAsync(user, "Ann"), await CharacterAsync(user, "Ben"), await CharacterAsync(user, "Out"));
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b }, group = new { strategy = "manual", muted = new[] { a } } });
        async Task<string> ImpersonationPromptAsync(object? body)
        {
            server.ModelServer.Enqueue(ModelScript.Stream(["Hi."]));
            var frames = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/impersonate", body));
            Assert.Equal("completed", frames[^2].Status);
            return server.ModelServer.Requests[^1].Messages[0].Content;
        }

        var first = await ImpersonationPromptAsync(null);
        await ReplySpeakerAsync(user, chatId, "hello", b);
        var afterBen = await ImpersonationPromptAsync(null);
        var named = await ImpersonationPromptAsync(new { character_id = a });
        var stranger = await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/impersonate", new { character_id = outsider });

        Assert.Contains("Ann is here.", first, StringComparison.Ordinal);
        Assert.Contains("Ben is here.", afterBen, StringComparison.Ordinal);
        // No character's turn is named, and every character's lines carry its name: the user writes next.
        Assert.DoesNotContain("Write only", afterBen, StringComparison.Ordinal);
        Assert.Contains("Each character's lines start with its name.", afterBen, StringComparison.Ordinal);
        Assert.Contains(server.ModelServer.Requests[^2].Messages, m => m.Role == "assistant" && m.Content.StartsWith("Ben: ", StringComparison.Ordinal));
        Assert.Contains("Ann is here.", named, StringComparison.Ordinal);
        Assert.True((await stranger.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("character_id", out _));
    }

    [Fact]
    public async Task NewChatTakesExactlyOneOfCharacterIdAndCharacterIds()
    {
        var user = await TestUser.SignUpAsync(server);
        var (a, b) = (await CharacterAsync(user, "Ann"), await CharacterAsync(user, "Ben"));
        var nine = Enumerable.Range(0, 9).Select(_ => Guid.NewGuid()).ToArray();

        await AssertFieldAsync(new { }, "character_id");
        await AssertFieldAsync(new { character_id = a, character_ids = new[] { a, b } }, "character_ids");
        await AssertFieldAsync(new { character_ids = new[] { a } }, "character_ids");
        await AssertFieldAsync(new { character_ids = new[] { a, a } }, "character_ids");
        await AssertFieldAsync(new { character_ids = nine }, "character_ids");
        await AssertFieldAsync(new { character_id = a, group = new { strategy = "list" } }, "group");
        await AssertFieldAsync(new { character_ids = new[] { a, b }, group = new { strategy = "loudest" } }, "group.strategy");
        await AssertFieldAsync(new { character_ids = new[] { a, b }, group = new { muted = new[] { Guid.NewGuid() } } }, "group.muted");
        Assert.Empty((await (await user.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray());

        async Task AssertFieldAsync(object body, string field)
        {
            var problem = await (await user.Client.PostAsJsonAsync("/api/v1/chat/new", body)).AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }
    }

    [Fact]
    public async Task AnotherUsersPrivateCharacterOrAMissingOneCannotJoinAGroup()
    {
        var user = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var mine = await CharacterAsync(user, "Ann");
        var theirs = await CharacterAsync(other, "Secret");

        await (await user.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_ids = new[] { mine, theirs } })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await user.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_ids = new[] { mine, Guid.NewGuid() } })).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Empty((await (await user.Client.GetAsync("/api/v1/chat/list")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray());
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { mine, await CharacterAsync(user, "Ben") } });
        await (await other.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ChatScenario.SendAsync(other, chatId, "hi", new { character_id = mine })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ThePromptIsTheSpeakersWithTheOthersLinesNamedAndAGroupNote()
    {
        var user = await TestUser.SignUpAsync(server);
        var a = await CharacterAsync(user, "Ann", personality: "Ann is a blunt sailor.");
        var b = await CharacterAsync(user, "Ben", personality: "Ben is a shy cook.");
        const string Lore = "The cellar floods at high tide.";
        await (await CharacterApi.PatchAsync(user, a, $$$"""{"character_book": {"name": "Ann's", "entries": [{"keys": ["cellar"], "content": "{{{Lore}}}", "enabled": true, "insertion_order": 1, "extensions": {}}]}}"""))
            .AssertOkJsonAsync();
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b } });
        Model.Enqueue(ModelScript.Stream(["Ahoy."]));
        Assert.Equal(a, await ReplySpeakerAsync(user, chatId, "Hello, both."));

        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "And the cellar?"));

        var request = Model.Requests[^1];
        var system = request.Messages[0].Content;
        Assert.Contains("Ben is a shy cook.", system, StringComparison.Ordinal);
        Assert.DoesNotContain("Ann is a blunt sailor.", system, StringComparison.Ordinal);
        Assert.DoesNotContain(Lore, system, StringComparison.Ordinal);
        Assert.Contains("Present: ", system, StringComparison.Ordinal);
        Assert.Contains(" and Ann, Ben.", system, StringComparison.Ordinal);
        Assert.Contains("Write only Ben's next reply", system, StringComparison.Ordinal);
        Assert.StartsWith("You are Ben, ", system, StringComparison.Ordinal);
        Assert.Equal(
            [("user", "Hello, both."), ("assistant", "Ann: Ahoy."), ("user", "And the cellar?")],
            request.Messages.Skip(1).Select(m => (m.Role, m.Content)));

        var preview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=the%20cellar&character_id={a}")).AssertOkJsonAsync()).GetProperty("data");
        var previewSystem = preview.GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.Contains("Ann is a blunt sailor.", previewSystem, StringComparison.Ordinal);
        Assert.Contains(Lore, previewSystem, StringComparison.Ordinal);
        Assert.Contains(preview.GetProperty("parts").EnumerateArray(), p => p.GetProperty("name").GetString() == "group" && p.GetProperty("tokens").GetInt32() > 0);
        // Ann's own line is hers again, and Ben's is named.
        Assert.Contains(preview.GetProperty("messages").EnumerateArray(), m => m.GetProperty("content").GetString() == "Ahoy.");
        Assert.Contains(preview.GetProperty("messages").EnumerateArray(), m => m.GetProperty("content").GetString() == "Ben: Hello from the fake model.");

        // The speaker asked for, not the one the strategy would choose next (Ann).
        var benPreview = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=the%20cellar&character_id={b}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.StartsWith("You are Ben, ", benPreview.GetProperty("messages")[0].GetProperty("content").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegenerateSwipesAndContinueKeepOrChooseTheirSpeakers()
    {
        var user = await TestUser.SignUpAsync(server);
        var a = await CharacterAsync(user, "Ann", personality: "Ann is a blunt sailor.");
        var b = await CharacterAsync(user, "Ben", personality: "Ben is a shy cook.");
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b } });
        Model.Enqueue(ModelScript.Stream(["Ann's first"]));
        Assert.Equal(a, await ReplySpeakerAsync(user, chatId, "Who's there?"));

        Model.Enqueue(ModelScript.Stream(["Ann's second"]));
        var regenerated = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate"));
        Assert.Equal(a.ToString(), regenerated[^2].Json.GetProperty("character_id").GetString());
        Assert.Contains("Ann is a blunt sailor.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);

        Model.Enqueue(ModelScript.Stream(["Ben's take"]));
        var asBen = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/regenerate", new { character_id = b }));
        Assert.Equal(b.ToString(), asBen[^2].Json.GetProperty("character_id").GetString());
        Assert.Contains("Ben is a shy cook.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);
        var reply = (await MessagesAsync(user, chatId))[^1];
        Assert.Equal(["Ann's first", "Ann's second", "Ben's take"], reply.GetProperty("swipes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal((b, "Ben"), (reply.GetProperty("character_id").GetGuid(), reply.GetProperty("character_name").GetString()));

        await (await user.Client.PutAsJsonAsync($"/api/v1/chat/{chatId}/messages/{reply.GetProperty("id")}/swipe", new { index = 1 })).AssertOkJsonAsync();
        Assert.Equal(a, (await MessagesAsync(user, chatId))[^1].GetProperty("character_id").GetGuid());

        var wrongVoice = await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue", new { character_id = b });
        Assert.True((await wrongVoice.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("character_id", out _));
        Model.Enqueue(ModelScript.Stream([" More."]));
        var continued = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Post, $"/api/v1/chat/{chatId}/continue"));
        Assert.Equal("Ann's second More.", continued[^2].Json.GetProperty("response").GetString());
        Assert.Equal(a.ToString(), continued[^2].Json.GetProperty("character_id").GetString());
        Assert.Contains("Ann is a blunt sailor.", Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);

        // In turn after Ann, whichever swipe made her the speaker.
        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "Next?"));
    }

    [Fact]
    public async Task ExportsNameTheCharacterWhoSaidEachLine()
    {
        var user = await TestUser.SignUpAsync(server);
        var a = await CharacterAsync(user, "Ann", greeting: "Ann greets you.");
        var b = await CharacterAsync(user, "Ben");
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b } });
        Model.Enqueue(ModelScript.Stream(["Ben answers."]));
        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "Hi!"));

        var markdown = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.json")).Content.ReadAsStringAsync()).RootElement;
        // The exports name the user's lines as the prompt does ({{user}}): here their username, as they have no persona.
        var username = (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("username").GetString();

        Assert.Contains("**Ann:** Ann greets you.", markdown, StringComparison.Ordinal);
        Assert.Contains($"**{username}:** Hi!", markdown, StringComparison.Ordinal);
        Assert.Contains("**Ben:** Ben answers.", markdown, StringComparison.Ordinal);
        var lines = json.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("character_name").GetString()));
        Assert.Equal([("assistant", "Ann"), ("user", null), ("assistant", "Ben")], lines);
        var jsonl = (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl")).Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // No header line: SillyTavern 1.12 reads each line of a group chat file as a message.
        Assert.Equal(["Ann", username, "Ben"], jsonl.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("name").GetString()));
        Assert.All(jsonl, l => Assert.False(JsonDocument.Parse(l).RootElement.TryGetProperty("chat_metadata", out _)));
    }

    [Fact]
    public async Task ABranchOfAGroupChatKeepsItsCharactersStrategyAndSpeakers()
    {
        var user = await TestUser.SignUpAsync(server);
        var (a, b) = (await CharacterAsync(user, "Ann", greeting: "Ann greets you."), await CharacterAsync(user, "Ben"));
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b }, group = new { strategy = "natural", muted = new[] { a } } });
        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "Hi!"));
        var last = (await MessagesAsync(user, chatId))[^1].GetProperty("id").GetGuid();

        var branchId = (await (await user.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = last })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("newChatID").GetGuid();

        var group = (await GetChatAsync(user, branchId)).GetProperty("group");
        Assert.Equal("natural", group.GetProperty("strategy").GetString());
        Assert.Equal([(a, true), (b, false)], group.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("id").GetGuid(), m.GetProperty("muted").GetBoolean())));
        var speakers = (await MessagesAsync(user, branchId)).Select(m => m.GetProperty("character_name").GetString());
        Assert.Equal([null, "Ben"], speakers);
        Assert.Equal(b, await ReplySpeakerAsync(user, branchId, "Ann? Ben?"));
    }

    [Fact]
    public async Task AGroupChatGoesToSillyTavernAndComesBackWithItsSpeakers()
    {
        var user = await TestUser.SignUpAsync(server);
        var (a, b) = (await CharacterAsync(user, "Ann", greeting: "Ann greets you."), await CharacterAsync(user, "Ben"));
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b } });
        Model.Enqueue(ModelScript.Stream(["Ben answers."]));
        Assert.Equal(b, await ReplySpeakerAsync(user, chatId, "Hi!"));
        var file = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl")).Content.ReadAsByteArrayAsync();

        var form = ChatTransferTests.Form(null, file);
        form.Add(new StringContent($"{a},{b}"), "character_ids");
        var importedId = (await (await user.Client.PostAsync("/api/v1/chat/import", form)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();

        Assert.Equal([a, b], (await GetChatAsync(user, importedId)).GetProperty("group").GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
        Assert.Equal(
            (await MessagesAsync(user, chatId)).Select(m => (m.GetProperty("content").GetString(), m.GetProperty("character_name").GetString())),
            (await MessagesAsync(user, importedId)).Select(m => (m.GetProperty("content").GetString(), m.GetProperty("character_name").GetString())));
        // Newer SillyTavern writes group chats with a header line: such a file comes in alike.
        var header = Encoding.UTF8.GetBytes($"{{\"user_name\":\"Ada\",\"character_name\":\"Ann\",\"create_date\":\"2026-12-01@22h58m11s\",\"chat_metadata\":{{}}}}\n");
        var withHeader = ChatTransferTests.Form(null, [.. header, .. file]);
        withHeader.Add(new StringContent($"{a},{b}"), "character_ids");
        var headedId = (await (await user.Client.PostAsync("/api/v1/chat/import", withHeader)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
        Assert.Equal(
            (await MessagesAsync(user, chatId)).Select(m => (m.GetProperty("content").GetString(), m.GetProperty("character_name").GetString())),
            (await MessagesAsync(user, headedId)).Select(m => (m.GetProperty("content").GetString(), m.GetProperty("character_name").GetString())));
        Model.Enqueue(ModelScript.Stream(["Ann answers."]));
        Assert.Equal(a, await ReplySpeakerAsync(user, importedId, "And you?"));

        var onlyAnn = ChatTransferTests.Form(null, file);
        onlyAnn.Add(new StringContent(a.ToString()), "character_ids");
        onlyAnn.Add(new StringContent((await CharacterAsync(user, "Cy")).ToString()), "character_ids");
        var problem = await (await user.Client.PostAsync("/api/v1/chat/import", onlyAnn)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.Contains("'Ben'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberItsAuthorMakesPrivateSpeaksOnFromACopyOfItAsItWasWhichNoRouteShows()
    {
        var author = await TestUser.SignUpAsync(server);
        var fan = await TestUser.SignUpAsync(server);
        const string Personality = "Star is bright and brief.";
        const string Scenario = "A lighthouse at night.";
        var star = await CharacterApi.CreateIdAsync(author, new { name = "Star", personality = Personality, scenario = Scenario, visibility = "public" });
        var ben = await CharacterAsync(fan, "Ben");
        var chatId = await NewGroupAsync(fan, new { character_ids = new[] { star, ben }, group = new { strategy = "manual" } });
        var authorsGroup = await NewGroupAsync(author, new { character_ids = new[] { star, await CharacterAsync(author, "Cy") }, group = new { strategy = "manual" } });

        // Made private and changed at once: the copy is the character as it was.
        await (await CharacterApi.PatchAsync(author, star, """{"visibility": "private", "personality": "Star is secret now."}""")).AssertOkJsonAsync();
        Assert.Equal(star, await ReplySpeakerAsync(fan, chatId, "Star?", star));

        var system = Model.Requests[^1].Messages[0].Content;
        Assert.StartsWith("You are Star, ", system, StringComparison.Ordinal);
        Assert.Contains(Personality, system, StringComparison.Ordinal);
        Assert.Contains(Scenario, system, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", system, StringComparison.Ordinal);
        Assert.Equal(1, await MemberPinsAsync(chatId));
        // The author reads their own character as it is, and needs no copy.
        Assert.Equal(0, await MemberPinsAsync(authorsGroup));

        // The fan reads no more of it than before: its definition shows nowhere.
        var preview = await (await fan.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt=hi&character_id={star}")).AssertOkJsonAsync();
        var shown = new[]
        {
            preview.ToString(),
            (await GetChatAsync(fan, chatId)).ToString(),
            string.Join('\n', (await MessagesAsync(fan, chatId)).Select(m => m.ToString())),
            await (await fan.Client.GetAsync($"/api/v1/chat/{chatId}/export.json")).Content.ReadAsStringAsync(),
            await (await fan.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl")).Content.ReadAsStringAsync(),
            await (await fan.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync(),
        };
        Assert.All(shown, text => Assert.DoesNotContain("bright and brief", text, StringComparison.Ordinal));
        Assert.All(shown, text => Assert.DoesNotContain("lighthouse", text, StringComparison.Ordinal));
        await (await fan.Client.GetAsync($"/api/v1/character/get/{star}")).AssertProblemAsync(HttpStatusCode.Forbidden);

        // A branch keeps the copy; deleting a chat deletes its copies.
        var last = (await MessagesAsync(fan, chatId))[^1].GetProperty("id").GetGuid();
        var branchId = (await (await fan.Client.PostAsJsonAsync($"/api/v1/chat/{chatId}/branch", new { message_id = last })).AssertOkJsonAsync(HttpStatusCode.Created))
            .GetProperty("newChatID").GetGuid();
        Assert.Equal(star, await ReplySpeakerAsync(fan, branchId, "Still you?", star));
        Assert.Contains(Personality, Model.Requests[^1].Messages[0].Content, StringComparison.Ordinal);
        await (await fan.Client.DeleteAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync();
        Assert.Equal(0, await MemberPinsAsync(chatId));
        Assert.Equal(1, await MemberPinsAsync(branchId));
    }

    [Fact]
    public async Task AMemberMadePublicAgainSpeaksAsItIsAndIsCopiedAnewWhenWithdrawnAgain()
    {
        var author = await TestUser.SignUpAsync(server);
        var fan = await TestUser.SignUpAsync(server);
        var star = await CharacterApi.CreateIdAsync(author, new { name = "Star", personality = "Star is first.", visibility = "public" });
        var chatId = await NewGroupAsync(fan, new { character_ids = new[] { star, await CharacterAsync(fan, "Ben") }, group = new { strategy = "manual" } });
        async Task<string> StarsPromptAsync()
        {
            await ReplySpeakerAsync(fan, chatId, "Star?", star);
            return Model.Requests[^1].Messages[0].Content;
        }

        await (await CharacterApi.PatchAsync(author, star, """{"visibility": "private"}""")).AssertOkJsonAsync();
        await (await CharacterApi.PatchAsync(author, star, """{"visibility": "public", "personality": "Star is second."}""")).AssertOkJsonAsync();
        var republished = await StarsPromptAsync();
        await (await CharacterApi.PatchAsync(author, star, """{"visibility": "private", "personality": "Star is third."}""")).AssertOkJsonAsync();
        var withdrawnAgain = await StarsPromptAsync();

        Assert.Contains("Star is second.", republished, StringComparison.Ordinal);
        Assert.Contains("Star is second.", withdrawnAgain, StringComparison.Ordinal);
        Assert.Equal(1, await MemberPinsAsync(chatId));
    }

    [Fact]
    public async Task AGroupRepliesFirstFramesNameItsSpeakerLiveAndResumedAndAOneCharacterChatsStayTheSeeds()
    {
        var user = await TestUser.SignUpAsync(server);
        var (a, b) = (await CharacterAsync(user, "Ann"), await CharacterAsync(user, "Ben"));
        var chatId = await NewGroupAsync(user, new { character_ids = new[] { a, b }, group = new { strategy = "manual" } });
        Model.Enqueue(ModelScript.Stream(["Ben ", "speaks."]));

        var live = await ChatScenario.SendAndReadAsync(user, chatId, "Ben?", new { character_id = b });
        var jobId = ChatScenario.JobId(live);
        var resumed = await Sse.ReadToEndAsync(await Sse.OpenAsync(user.Client, HttpMethod.Get, $"/api/v1/chat/stream/{jobId}"));
        var single = await ChatScenario.SendAndReadAsync(user, await ChatScenario.NewChatAsync(user, a), "Ann?");

        foreach (var frames in new[] { live, resumed })
        {
            Assert.Equal(["connected", "processing", "token", "token", "completed"], frames.Take(5).Select(f => f.Status));
            Assert.Equal(
                [(jobId.ToString(), b.ToString()), (jobId.ToString(), b.ToString())],
                frames.Take(2).Select(f => (f.Json.GetProperty("jobId").GetString(), f.Json.GetProperty("character_id").GetString())));
            Assert.Equal(b.ToString(), frames[4].Json.GetProperty("character_id").GetString());
            Assert.False(frames[2].Json.TryGetProperty("character_id", out _));
            Assert.True(frames[^1].IsDone);
        }

        Assert.Equal(["status", "jobId"], single[0].Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["status", "jobId"], single[1].Json.EnumerateObject().Select(p => p.Name));
        Assert.False(single[^2].Json.TryGetProperty("character_id", out _));
    }

    private Task<int> MemberPinsAsync(Guid chatId) =>
        server.Services.GetRequiredService<IServiceScopeFactory>().WithDatabaseAsync(db => db.Set<ChatMemberPin>().CountAsync(p => p.ChatId == chatId));

    private static Task<Guid> CharacterAsync(TestUser user, string name, string? greeting = null, string? personality = null) =>
        CharacterApi.CreateIdAsync(user, new { name, personality = personality ?? $"{name} is here.", greeting });

    private static async Task<Guid> NewGroupAsync(TestUser user, object body) =>
        (await (await user.Client.PostAsJsonAsync("/api/v1/chat/new", body)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();

    private static async Task<JsonElement> GetChatAsync(TestUser user, Guid chatId) =>
        (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}")).AssertOkJsonAsync()).GetProperty("data");

    private static async Task<List<JsonElement>> MessagesAsync(TestUser user, Guid chatId) =>
        [.. (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages?limit=100")).AssertOkJsonAsync()).GetProperty("data").EnumerateArray()];

    /// <summary>Sends a message and answers who replied, as the <c>completed</c> frame and the stored message both say.</summary>
    private static async Task<Guid> ReplySpeakerAsync(TestUser user, Guid chatId, string prompt, Guid? characterId = null)
    {
        var frames = await ChatScenario.SendAndReadAsync(user, chatId, prompt, characterId is null ? null : new { character_id = characterId });
        Assert.Equal("completed", frames[^2].Status);
        var speaker = Guid.Parse(frames[^2].Json.GetProperty("character_id").GetString()!);
        Assert.Equal(speaker, (await MessagesAsync(user, chatId))[^1].GetProperty("character_id").GetGuid());
        return speaker;
    }
}

public sealed class GroupChatTestsOnSqlite(SqliteChatServer server) : GroupChatTests(server), IClassFixture<SqliteChatServer>;

public sealed class GroupChatTestsOnPostgres(PostgresChatServer server) : GroupChatTests(server), IClassFixture<PostgresChatServer>;
