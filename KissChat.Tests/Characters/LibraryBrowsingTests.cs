using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Chats;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static KissChat.Tests.Characters.LibraryApi;

namespace KissChat.Tests.Characters;

/// <summary>The public library as a visitor and a user see it: search, sorts, tags, summaries and hidden definitions.</summary>
public abstract class LibraryBrowsingTests(ChatServer server)
{
    [Fact]
    public async Task VisitorsBrowseTheLibraryAndItsTagsAsSummariesWithoutDefinitions()
    {
        var author = await TestUser.SignUpAsync(server);
        var tag = UniqueWord();
        await CharacterApi.CreateAsync(author, new { name = "Open Olive", tags = new[] { tag }, personality = "secret recipe", visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = "Private Pia", tags = new[] { tag } });
        var visitor = server.CreateClient();

        var page = await (await visitor.GetAsync($"{Library}?tag={tag}")).AssertOkJsonAsync();
        var tags = await TagsAsync(visitor);

        var listed = Assert.Single(page.GetProperty("data").EnumerateArray());
        Assert.Equal("Open Olive", listed.GetProperty("name").GetString());
        Assert.Equal(author.Email.Split('@')[0], listed.GetProperty("creator").GetString());
        Assert.False(listed.TryGetProperty("personality", out _), listed.ToString());
        Assert.False(listed.TryGetProperty("system_instruction", out _), listed.ToString());
        Assert.DoesNotContain("secret recipe", page.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1, tags[tag]);
    }

    [Fact]
    public async Task SearchFindsNamesDescriptionsTagsAndCreatorsButNotDefinitions()
    {
        var word = UniqueWord();
        var author = await TestUser.SignUpAsync(server);
        var creator = await TestUser.SignUpAsync(server);
        await NameAsync(creator, $"{word}-maker");
        await CharacterApi.CreateAsync(author, new { name = $"Ida the {word.ToUpperInvariant()}", visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = "Described", public_description = $"an {word} by the sea", visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = "Tagged", tags = new[] { $"cosy {word}" }, visibility = "public" });
        await CharacterApi.CreateAsync(creator, new { name = "By the maker", visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = "Defined", personality = $"a {word}", system_instruction = word, visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = $"Private {word}" });

        var found = await NamesAsync(server.CreateClient(), $"{Library}?q={word}&sort=newest");

        Assert.Equal(["By the maker", "Tagged", "Described", $"Ida the {word.ToUpperInvariant()}"], found);
    }

    [Fact]
    public async Task MostLikedAndTrendingOrderTheLibraryByLikesAndByChatsOfTheLastSevenDays()
    {
        var author = await TestUser.SignUpAsync(server);
        var tag = UniqueWord();
        var ids = new Dictionary<string, Guid>();
        foreach (var name in new[] { "Veteran", "Loved", "Rising", "Quiet" })
        {
            ids[name] = await CharacterApi.CreateIdAsync(author, new { name, tags = new[] { tag }, visibility = "public" });
        }

        foreach (var fan in new[] { await TestUser.SignUpAsync(server), await TestUser.SignUpAsync(server) })
        {
            await (await LikeAsync(fan, ids["Loved"])).AssertOkJsonAsync();
        }

        await (await LikeAsync(author, ids["Rising"])).AssertOkJsonAsync();
        await ChatsLongAgoAsync(ids["Veteran"], 10);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await CharacterApi.NewChatAsync(author, ids["Rising"]);
        }

        var popular = await NamesAsync(server.CreateClient(), $"{Library}?tag={tag}&sort=popular");
        var liked = await CharacterApi.AllPagesAsync(author, $"{Library}?tag={tag}&sort=most_liked&limit=2");
        var trending = await CharacterApi.AllPagesAsync(author, $"{Library}?tag={tag}&sort=trending&limit=3");

        Assert.Equal(["Veteran", "Rising", "Quiet", "Loved"], popular);
        Assert.Equal([["Loved", "Rising"], ["Quiet", "Veteran"]], liked.Select(CharacterApi.Names));
        Assert.Equal([["Rising", "Quiet", "Loved"], ["Veteran"]], trending.Select(CharacterApi.Names));
        Assert.Equal(2, liked[0].GetProperty("data")[0].GetProperty("like_count").GetInt32());
    }

    [Fact]
    public async Task TheTagListCountsPublicTagsIgnoringCase()
    {
        var author = await TestUser.SignUpAsync(server);
        var tag = UniqueWord();
        await CharacterApi.CreateAsync(author, new { name = "A", tags = new[] { tag }, visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = "B", tags = new[] { tag.ToUpperInvariant() }, visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = "C", tags = new[] { tag } });
        await CharacterApi.CreateAsync(author, new { name = "D", tags = new[] { $"{tag}-private" } });

        var tags = await TagsAsync(server.CreateClient());

        Assert.Equal(2, tags.Where(t => t.Key.Equals(tag, StringComparison.OrdinalIgnoreCase)).Sum(t => t.Value));
        Assert.False(tags.ContainsKey($"{tag}-private"));
    }

    [Fact]
    public async Task AHiddenDefinitionIsShownToNobodyButItsAuthorYetStillShapesOthersChats()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var secret = $"secret-{Guid.NewGuid():N}";
        var id = await CharacterApi.CreateIdAsync(author, new
        {
            name = "Veiled Vera",
            public_description = "Ask her anything.",
            personality = secret,
            system_instruction = secret,
            character_book = new { name = "Vera's lore", entries = new[] { new { keys = new[] { "veil" }, content = secret, enabled = true, insertion_order = 1, extensions = new { } } } },
            greeting = "Hello. {{personality}}",
            visibility = "public",
            definition_visibility = "hidden",
        });

        var seen = await CharacterApi.GetAsync(reader, id);
        var own = await CharacterApi.GetAsync(author, id);
        var chatId = await ChatScenario.NewChatAsync(reader, id);
        var frames = await ChatScenario.SendAndReadAsync(reader, chatId, "who are you?");
        var messages = await (await reader.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync();
        var json = await (await reader.Client.GetAsync($"/api/v1/chat/{chatId}/export.json")).Content.ReadAsStringAsync();
        var markdown = await (await reader.Client.GetAsync($"/api/v1/chat/{chatId}/export.md")).Content.ReadAsStringAsync();

        Assert.Equal(("Veiled Vera", "Ask her anything.", "hidden"), (seen.GetProperty("name").GetString(), seen.GetProperty("public_description").GetString(), seen.GetProperty("definition_visibility").GetString()));
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("personality").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("system_instruction").ValueKind);
        Assert.Equal(secret, own.GetProperty("system_instruction").GetString());
        // Every part of the definition, its own lorebook too, is left out of the reader's view.
        Assert.DoesNotContain(secret, seen.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("character_book").ValueKind);
        Assert.Equal(secret, own.GetProperty("character_book").GetProperty("entries")[0].GetProperty("content").GetString());
        Assert.Contains(server.ModelServer.Requests, r => r.Messages.Any(m => m.Role == "system" && m.Content.Contains(secret, StringComparison.Ordinal)));
        Assert.Equal("completed", frames[^2].Status);
        foreach (var leak in new[] { frames[^2].Data, messages.GetRawText(), json, markdown })
        {
            Assert.DoesNotContain(secret, leak, StringComparison.Ordinal);
        }

        Assert.Contains(messages.GetProperty("data").EnumerateArray(), m => m.GetProperty("role").GetString() == "assistant");
        // The greeting's macros that would tell the definition stay as written for a reader; its author's chat has them filled.
        Assert.Equal("Hello. {{personality}}", messages.GetProperty("data")[0].GetProperty("content").GetString());
        var authorsChat = await ChatScenario.NewChatAsync(author, id);
        var authors = await (await author.Client.GetAsync($"/api/v1/chat/{authorsChat}/messages")).AssertOkJsonAsync();
        Assert.Equal($"Hello. {secret}", authors.GetProperty("data")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task APromptPreviewKeepsAHiddenDefinitionsPartsInPlaceBlankForOthersAndWholeForItsAuthor()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var secret = $"secret-{Guid.NewGuid():N}";
        var id = await CharacterApi.CreateIdAsync(author, new
        {
            name = "Masked Mona",
            system_instruction = $"{secret} instruction",
            personality = $"{secret} personality",
            scenario = $"{secret} scenario",
            mes_example = $"<START>\n{{{{char}}}}: {secret} example",
            post_history_instructions = $"{secret} after",
            character_book = new { name = "Mona's lore", entries = new[] { new { keys = new[] { "cellar" }, content = $"{secret} lore", enabled = true, insertion_order = 1, extensions = new { } } } },
            greeting = "Hello.",
            visibility = "public",
            definition_visibility = "hidden",
        });
        var readersChat = await ChatScenario.NewChatAsync(reader, id);
        var authorsChat = await ChatScenario.NewChatAsync(author, id);
        const string Asked = "What's in the cellar?";

        var seen = await PreviewAsync(reader, readersChat, Asked);
        var own = await PreviewAsync(author, authorsChat, Asked);

        Assert.DoesNotContain(secret, seen.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(
            [("system", ""), ("assistant", "Hello."), ("user", Asked), ("system", "")],
            Messages(seen));
        Assert.Empty(seen.GetProperty("lore").EnumerateArray());
        Assert.Equal(Messages(own).Select(m => m.Role), Messages(seen).Select(m => m.Role));
        foreach (var part in new[] { "instruction", "personality", "scenario", "example", "lore" })
        {
            Assert.Contains($"{secret} {part}", Messages(own)[0].Content, StringComparison.Ordinal);
        }

        Assert.Equal($"{secret} after", Messages(own)[^1].Content);
        Assert.Equal("Mona's lore", Assert.Single(own.GetProperty("lore").EnumerateArray()).GetProperty("book").GetString());

        // The reader's own author's note cannot draw the hidden definition into the preview through SillyTavern's macros.
        const string Note = "Recall: {{personality}} / {{scenario}} / {{charPrompt}}";
        foreach (var (user, chat) in new[] { (reader, readersChat), (author, authorsChat) })
        {
            await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chat}", new { author_note = new { text = Note, depth = 0 } })).AssertOkJsonAsync();
        }

        var noted = await PreviewAsync(reader, readersChat, Asked);
        var ownNoted = await PreviewAsync(author, authorsChat, Asked);

        Assert.DoesNotContain(secret, noted.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(Messages(noted), m => m.Content == Note);
        Assert.Contains(Messages(ownNoted), m => m.Content == $"Recall: {secret} personality / {secret} scenario / {secret} instruction");

        // Nor can the reader's own lore tell, by firing, what words the hidden definition has.
        foreach (var (user, chat) in new[] { (reader, readersChat), (author, authorsChat) })
        {
            var book = (await (await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new
            {
                name = "Oracle",
                entries = new[] { new { keys = new[] { secret }, content = "It is there.", extensions = new { matchCharacterPersonality = true } } },
            })).AssertOkJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
            await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chat}", new { lorebook_ids = new[] { book } })).AssertOkJsonAsync();
        }

        Assert.DoesNotContain((await PreviewAsync(reader, readersChat, Asked)).GetProperty("lore").EnumerateArray(), l => l.GetProperty("book").GetString() == "Oracle");
        Assert.Contains((await PreviewAsync(author, authorsChat, Asked)).GetProperty("lore").EnumerateArray(), l => l.GetProperty("book").GetString() == "Oracle");
    }

    /// <summary>
    /// Found by a penetration test: a reader's preview counted each part of a hidden definition, and the lore of its book,
    /// so that trying words told which ones its book's keys are. The definition is one part, and its book is left out.
    /// </summary>
    [Fact]
    public async Task APromptPreviewsCountsDoNotTellAReaderWhichWordsAHiddenCardsBookFiresOn()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(author, new
        {
            name = "Zoe Keeper",
            personality = "Quiet.",
            post_history_instructions = "Stay quiet.",
            character_book = new
            {
                name = "Zoe's lore",
                entries = new object[]
                {
                    new { keys = new[] { "zebra" }, content = "The zebra sleeps in the barn.", enabled = true, insertion_order = 1, extensions = new { } },
                    new { keys = new[] { "zebra" }, content = "Zebras are striped.", enabled = true, insertion_order = 2, extensions = new { position = 4, depth = 1, role = 0 } },
                },
            },
            greeting = "Hello.",
            visibility = "public",
            definition_visibility = "hidden",
        });
        var readersChat = await ChatScenario.NewChatAsync(reader, id);
        var authorsChat = await ChatScenario.NewChatAsync(author, id);

        var fired = await PreviewAsync(reader, readersChat, "Is there a zebra?");
        var quiet = await PreviewAsync(reader, readersChat, "Is there a horse?");
        var own = await PreviewAsync(author, authorsChat, "Is there a zebra?");

        // Only the asked message differs: every other count, and every other message, is the same.
        Assert.Equal(WithoutHistory(quiet), WithoutHistory(fired));
        Assert.Equal(Messages(quiet).Count, Messages(fired).Count);
        Assert.Equal(["definition", "persona", "lore", "history", "author_note"], Parts(fired).Select(p => p.Name));
        Assert.Equal(0, Parts(fired).Single(p => p.Name == "lore").Tokens);
        Assert.Empty(fired.GetProperty("lore").EnumerateArray());
        // Its author sees each part, and both entries at work.
        Assert.Equal(2, own.GetProperty("lore").GetArrayLength());
        Assert.Contains(Messages(own), m => m.Content.Contains("Zebras are striped.", StringComparison.Ordinal));
        Assert.Contains(Parts(own), p => p.Name == "post_history" && p.Tokens > 0);
        Assert.True(Parts(own).Single(p => p.Name == "lore").Tokens > 0);
    }

    private static List<(string Name, int Tokens)> Parts(JsonElement preview) =>
        [.. preview.GetProperty("parts").EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("tokens").GetInt32()))];

    /// <summary>The counts a reader sees but for the message they are about to send: its part, and its share of the whole.</summary>
    private static (string Parts, int Tokens) WithoutHistory(JsonElement preview)
    {
        var history = Parts(preview).Single(p => p.Name == "history").Tokens;
        return (string.Join(", ", Parts(preview).Where(p => p.Name != "history")), preview.GetProperty("tokens").GetInt32() - history);
    }

    /// <summary>
    /// Found by the sitting's diff review: the card's own lore can be an outlet, and a reader's own text that asks for it
    /// ({{outlet::…}} in their author's note) drew it, filled with the definition, into what the preview shows them.
    /// </summary>
    [Fact]
    public async Task AReadersOutletMacroDrawsNothingOfAHiddenCardsOwnLore()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var secret = $"secret-{Guid.NewGuid():N}";
        var id = await CharacterApi.CreateIdAsync(author, new
        {
            name = "Outlet Olga",
            personality = secret,
            character_book = new { name = "Olga's lore", entries = new[] { new { keys = new[] { "cellar" }, content = "Card outlet: {{personality}}.", enabled = true, insertion_order = 1, extensions = new { position = 7, outlet_name = "scene" } } } },
            greeting = "Hello.",
            visibility = "public",
            definition_visibility = "hidden",
        });
        var chatId = await ChatScenario.NewChatAsync(reader, id);
        await (await reader.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { author_note = new { text = "Scene: [{{outlet::scene}}]", depth = 1 } })).AssertOkJsonAsync();
        const string Asked = "What's in the cellar?";

        var preview = await PreviewAsync(reader, chatId, Asked);
        var frames = await ChatScenario.SendAndReadAsync(reader, chatId, Asked);

        Assert.Equal("completed", frames[^2].Status);
        var sent = string.Join('\n', server.ModelServer.Requests.Last(r => r.Messages[^1].Content == Asked).Messages.Select(m => m.Content));
        Assert.Contains("Scene: []", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, preview.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Scene: []", preview.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by a review: a hidden card's own lore is part of its definition and goes to the model alone, yet it was filled
    /// as the reader's texts are, its macros that draw on the definition left empty. It is filled as the card's other
    /// texts are; the reader's own lore still without the definition, and nothing the reader can read shows it.
    /// </summary>
    [Fact]
    public async Task AHiddenCardsOwnLoreIsFilledWithItsDefinitionForTheModelAndTheReadersLoreIsNot()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var secret = $"secret-{Guid.NewGuid():N}";
        var id = await CharacterApi.CreateIdAsync(author, new
        {
            name = "Lorekeeper Lia",
            personality = secret,
            character_book = new { name = "Lia's lore", entries = new[] { new { keys = new[] { "cellar" }, content = "Card lore: {{personality}}.", enabled = true, insertion_order = 1, extensions = new { } } } },
            greeting = "Hello.",
            visibility = "public",
            definition_visibility = "hidden",
        });
        var chatId = await ChatScenario.NewChatAsync(reader, id);
        var book = (await (await reader.Client.PostAsJsonAsync("/api/v1/lorebook/create", new
        {
            name = "Reader's lore",
            entries = new[] { new { keys = new[] { "cellar" }, content = "Reader lore: {{personality}}." } },
        })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
        await (await reader.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { lorebook_ids = new[] { book } })).AssertOkJsonAsync();
        const string Asked = "What's in the cellar?";

        var preview = await PreviewAsync(reader, chatId, Asked);
        var frames = await ChatScenario.SendAndReadAsync(reader, chatId, Asked);

        Assert.Equal("completed", frames[^2].Status);
        var sent = string.Join('\n', server.ModelServer.Requests.Last(r => r.Messages[^1].Content == Asked).Messages.Select(m => m.Content));
        Assert.Contains($"Card lore: {secret}.", sent, StringComparison.Ordinal);
        Assert.Contains("Reader lore:", sent, StringComparison.Ordinal);
        Assert.DoesNotContain($"Reader lore: {secret}", sent, StringComparison.Ordinal);
        Assert.Equal("Reader's lore", Assert.Single(preview.GetProperty("lore").EnumerateArray()).GetProperty("book").GetString());
        var messages = await (await reader.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync();
        var jsonl = await (await reader.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl")).Content.ReadAsStringAsync();
        foreach (var readable in new[] { preview.GetRawText(), frames[^2].Data, messages.GetRawText(), jsonl })
        {
            Assert.DoesNotContain(secret, readable, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// What a reader writes is filled without a hidden definition: their message is stored as they sent it, and their
    /// note cannot write the definition into a chat variable, which the chat's SillyTavern file carries. Its author's are filled.
    /// </summary>
    [Fact]
    public async Task AReadersOwnTextsCannotDrawAHiddenDefinitionIntoWhatIsStored()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var secret = $"secret-{Guid.NewGuid():N}";
        var id = await CharacterApi.CreateIdAsync(author, new
        {
            name = "Quiet Quinn",
            personality = secret,
            greeting = "Hello.",
            visibility = "public",
            definition_visibility = "hidden",
        });
        const string Asked = "Tell me {{personality}}.";

        var stored = new List<string>();
        var readersChat = Guid.Empty;
        foreach (var user in new[] { reader, author })
        {
            var chatId = await ChatScenario.NewChatAsync(user, id);
            readersChat = user == reader ? chatId : readersChat;
            // A persona's name goes into the card's own texts through {{user}}, which are filled with the definition.
            var persona = (await (await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = "{{setvar::named::{{personality}}}}Sam" })).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
            await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { persona_id = persona, author_note = new { text = "{{setvar::kept::{{personality}}}}Stay calm.", depth = 0 } })).AssertOkJsonAsync();
            var frames = await ChatScenario.SendAndReadAsync(user, chatId, Asked);
            Assert.Equal("completed", frames[^2].Status);
            var messages = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync();
            var jsonl = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/export.jsonl")).Content.ReadAsStringAsync();
            stored.Add(string.Join('\n', frames[^2].Data, messages.GetRawText(), jsonl));
            Assert.Equal(user == reader ? Asked : $"Tell me {secret}.", messages.GetProperty("data")[1].GetProperty("content").GetString());
        }

        Assert.DoesNotContain(secret, stored[0], StringComparison.Ordinal);
        Assert.Contains($"\"kept\":\"{secret}\"", stored[1], StringComparison.Ordinal);

        // Made private, it goes on in the reader's chat from a copy, its definition as hidden from them as before.
        await (await author.Client.PatchAsJsonAsync($"/api/v1/character/update/{id}", new { visibility = "private" })).AssertOkJsonAsync();
        await ChatScenario.SendAndReadAsync(reader, readersChat, Asked);
        var after = await (await reader.Client.GetAsync($"/api/v1/chat/{readersChat}/messages")).AssertOkJsonAsync();
        Assert.Equal(2, after.GetProperty("data").EnumerateArray().Count(m => m.GetProperty("content").GetString() == Asked));
        Assert.DoesNotContain(secret, after.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A hidden card's regex scripts act on the reply, which is stored for the reader to read: their replacements are
    /// filled without the definition for a reader, its macros left as written (5a0f539), and with it for the card's author.
    /// </summary>
    [Fact]
    public async Task AHiddenCardsScriptsFillTheirReplacementsWithoutTheDefinitionInAReadersReply()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var secret = $"secret-{Guid.NewGuid():N}";
        var card = SampleCards.Parse("""
            {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
              "name": "Sly Sol", "description": "", "personality": "", "scenario": "", "first_mes": "Hi.", "mes_example": "",
              "extensions": {"regex_scripts": [{"scriptName": "Tell", "findRegex": "/MARK/g", "replaceString": "[{{personality}}]", "placement": [2]}]}
            }}
            """);
        card["data"]!["personality"] = secret;
        var id = await CardApi.ImportIdAsync(author, SampleCards.Json(card));
        await (await CharacterApi.PatchAsync(author, id, """{"visibility": "public", "definition_visibility": "hidden"}""")).AssertOkJsonAsync();

        var replies = new List<string>();
        foreach (var user in new[] { reader, author })
        {
            var chatId = await ChatScenario.NewChatAsync(user, id);
            server.ModelServer.Enqueue(ModelScript.Stream(["Look: ", "MARK."]));
            var frames = await ChatScenario.SendAndReadAsync(user, chatId, "Who are you?");
            Assert.Equal("completed", frames[^2].Status);
            var messages = await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync();
            replies.Add(messages.GetProperty("data").EnumerateArray().Last().GetProperty("content").GetString()!);
            Assert.Equal(user == reader, !frames[^2].Data.Contains(secret, StringComparison.Ordinal) && !messages.GetRawText().Contains(secret, StringComparison.Ordinal));
        }

        Assert.Equal(["Look: [{{personality}}].", $"Look: [{secret}]."], replies);
    }

    /// <summary>
    /// A reader's author's note at the depth and role of a hidden card's Character's Note shares its message, as
    /// SillyTavern sends them: the reader's preview shows their own note in it, without the card's.
    /// </summary>
    [Fact]
    public async Task APromptPreviewShowsTheReadersNoteInTheMessageItSharesWithAHiddenCharactersNote()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var id = await CardApi.ImportIdAsync(author, SampleCards.Json(SampleCards.SillyTavernV2()));
        await (await CharacterApi.PatchAsync(author, id, """{"visibility": "public", "definition_visibility": "hidden"}""")).AssertOkJsonAsync();
        var readersChat = await ChatScenario.NewChatAsync(reader, id);
        var authorsChat = await ChatScenario.NewChatAsync(author, id);
        foreach (var (user, chat) in new[] { (reader, readersChat), (author, authorsChat) })
        {
            // The card's note is at depth 4 as a system message.
            await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chat}", new { author_note = new { text = "Keep it light.", depth = 4 } })).AssertOkJsonAsync();
        }

        var seen = Messages(await PreviewAsync(reader, readersChat, "Hello?"));
        var own = Messages(await PreviewAsync(author, authorsChat, "Hello?"));

        var greeting = SampleCards.SillyTavernV2()["data"]!["first_mes"]!.GetValue<string>();
        Assert.Equal([("system", ""), ("system", "Keep it light."), ("assistant", greeting), ("user", "Hello?")], seen);
        Assert.Equal(("system", "Keep it light.\nSeraphina never leaves the forest."), own[1]);
    }

    [Theory]
    [InlineData("""{"name": "X", "definition_visibility": "secret"}""", "definition_visibility")]
    [InlineData("""{"name": "X", "nsfw": "yes"}""", "nsfw")]
    public async Task UnknownLibrarySettingsAreABadRequestNamingTheField(string json, string field)
    {
        var author = await TestUser.SignUpAsync(server);

        var response = await author.Client.PostAsync("/api/v1/character/create", CharacterApi.Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static async Task<JsonElement> PreviewAsync(TestUser user, Guid chatId, string prompt) =>
        (await (await user.Client.GetAsync($"/api/v1/chat/{chatId}/prompt?prompt={Uri.EscapeDataString(prompt)}")).AssertOkJsonAsync()).GetProperty("data");

    private static List<(string Role, string Content)> Messages(JsonElement preview) =>
        [.. preview.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))];

    /// <summary>Chats started more than a week ago: counted as popular, no longer trending.</summary>
    private async Task ChatsLongAgoAsync(Guid characterId, int chats)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
        var longAgo = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30);
        db.Add(new CharacterChatDay { CharacterId = characterId, Day = longAgo, Chats = chats });
        await db.SaveChangesAsync();
        await db.Set<Character>().Where(c => c.Id == characterId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ChatCount, c => c.ChatCount + chats));
    }
}

public sealed class LibraryBrowsingTestsOnSqlite(SqliteChatServer server) : LibraryBrowsingTests(server), IClassFixture<SqliteChatServer>;

public sealed class LibraryBrowsingTestsOnPostgres(PostgresChatServer server) : LibraryBrowsingTests(server), IClassFixture<PostgresChatServer>;
