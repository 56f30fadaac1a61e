using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KissChat.Tests.Fakes;
using KissChat.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KissChat.Tests.WebApp;

/// <summary>The web app in a real browser against the real server and the fake model: what a hobbyist does with it.</summary>
public sealed class WebAppTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private static readonly string[] Story = ["Once", " upon", " a", " time", " there", " was", " a", " quiet", " inn", " by", " the", " sea."];

    [Fact]
    public async Task AHobbyistSignsUpChatsWithStreamingRepliesImportsACardAndLogsOut()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);

        // A character, then a chat with it: the greeting comes first.
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New character" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Mira");
        await page.GetByLabel("Personality").FillAsync("a cheerful innkeeper");
        await page.GetByLabel("Greeting", new() { Exact = true }).FillAsync("Welcome, *traveller*!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat" }).ClickAsync();
        var messages = page.Locator(".messages > .message");
        await Expect(messages.First).ToContainTextAsync("Welcome, traveller!");
        await Expect(messages.First.Locator("em")).ToHaveTextAsync("traveller");

        // The reply streams in word by word: the page shows pieces of it before the whole.
        app.Server.ModelServer.Enqueue(ModelScript.Stream(Story, TimeSpan.FromMilliseconds(120)));
        await page.EvaluateAsync(RecordStreamingText);
        await SendAsync(page, "Tell me a story");
        await Expect(messages.Last).ToHaveTextAsync(new Regex("Once upon a time there was a quiet inn by the sea\\."));
        await Expect(page.Locator(".streaming")).ToHaveCountAsync(0);
        var seen = await page.EvaluateAsync<string[]>("() => window.streamedTexts");
        var partial = seen.Where(text => text is not ("" or "…") && !text.EndsWith("sea.", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(partial.Count >= 2, $"The reply appeared at once instead of piece by piece: {string.Join(" | ", seen)}");
        Assert.All(partial, text => Assert.StartsWith(text.TrimEnd('.'), "Once upon a time there was a quiet inn by the sea."));

        // A reload in the middle of a reply resumes its stream where it was (Last-Event-ID) and the reply completes.
        var release = new TaskCompletionSource();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["The", " cellar", " holds", " old", " wine."], hold: new StreamHold(2, release.Task)));
        await SendAsync(page, "What is downstairs?");
        await Expect(page.Locator(".streaming")).ToHaveTextAsync("The cellar");
        var resumedWith = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/chat/stream/", StringComparison.Ordinal))
            {
                resumedWith.Add(request.Headers.GetValueOrDefault("last-event-id"));
            }
        };
        await page.ReloadAsync();
        await Expect(page.Locator(".streaming")).ToHaveTextAsync("The cellar");
        release.SetResult();
        await Expect(messages.Last).ToContainTextAsync("The cellar holds old wine.");
        await Expect(page.Locator(".streaming")).ToHaveCountAsync(0);
        Assert.NotNull(Assert.Single(resumedWith));

        // Stop keeps what was written so far.
        var never = new TaskCompletionSource();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Let", " me", " think", " about", " it."], hold: new StreamHold(3, never.Task)));
        await SendAsync(page, "Any rooms free?");
        await Expect(page.Locator(".streaming")).ToHaveTextAsync("Let me think");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop" })).ToBeHiddenAsync();
        await Expect(messages.Last).ToContainTextAsync("Let me think");
        await Expect(messages.Last).ToContainTextAsync("stopped");

        // Regenerate writes a second swipe; the first is one click away.
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Two", " rooms", " are", " free."], TimeSpan.FromMilliseconds(50)));
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await Expect(messages.Last.Locator(".swipe-count")).ToHaveTextAsync("2/2");
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Two rooms are free.");
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "Previous swipe" }).ClickAsync();
        await Expect(messages.Last.Locator(".swipe-count")).ToHaveTextAsync("1/2");
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Let me think");
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "Next swipe" }).ClickAsync();
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Two rooms are free.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Root, "docs", "screenshot-chat.png") });

        // A Character Card PNG dropped on the characters page becomes a character.
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await DropFileAsync(page.Locator(".drop"), "CodingSensei.png", "image/png", RealCard("CodingSensei.png"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coding Sensei" })).ToBeVisibleAsync();

        // Logging out ends the session: a reload still shows the sign-in form.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AHiddenMessageIsMarkedAndLeftOutAndSysNarrationIsAnsweredOnRequest()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New character" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Odo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat" }).ClickAsync();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Understood."]));
        await SendAsync(page, "My password is swordfish.");
        var messages = page.Locator(".messages > .message");
        await Expect(messages.Last).ToContainTextAsync("Understood.");

        var secret = messages.Filter(new() { HasText = "swordfish" });
        await secret.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();

        await Expect(secret).ToHaveClassAsync(new Regex("hidden-from-model"));
        await Expect(secret).ToContainTextAsync("Hidden from the model");
        await Expect(secret.GetByRole(AriaRole.Button, new() { Name = "Unhide" })).ToBeVisibleAsync();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["No idea."]));
        await SendAsync(page, "What is my password?");
        await Expect(messages.Last).ToContainTextAsync("No idea.");
        Assert.DoesNotContain(app.Server.ModelServer.Requests[^1].Messages, m => m.Content.Contains("swordfish", StringComparison.Ordinal));

        // SillyTavern's /sys narrates without a reply; 'Generate reply' then asks for one, which reads the narration.
        var asked = app.Server.ModelServer.Requests.Count;
        await SendAsync(page, "/sys The lights flicker.");
        var narration = messages.Last;
        await Expect(narration).ToHaveClassAsync(new Regex("narrator"));
        await Expect(narration).ToContainTextAsync("Narrator");
        await Expect(narration.Locator(".content")).ToHaveTextAsync("The lights flicker.");
        await Expect(page.GetByPlaceholder("Write a message")).ToHaveValueAsync("");
        Assert.Equal(asked, app.Server.ModelServer.Requests.Count);
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Who", " is", " there?"]));
        await narration.GetByRole(AriaRole.Button, new() { Name = "Generate reply" }).ClickAsync();
        await Expect(messages.Last).ToContainTextAsync("Who is there?");
        Assert.Equal(("system", "The lights flicker."), (app.Server.ModelServer.Requests[^1].Messages[^1].Role, app.Server.ModelServer.Requests[^1].Messages[^1].Content));

        // A hidden last reply offers no new swipe, as SillyTavern shows none; shown again, it does.
        var last = messages.Last;
        await Expect(last.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToBeVisibleAsync();
        await last.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
        await Expect(messages.Last.GetByRole(AriaRole.Button, new() { Name = "Unhide" })).ToBeVisibleAsync();
        await Expect(messages.Last.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToHaveCountAsync(0);
        await Expect(messages.Last.GetByRole(AriaRole.Button, new() { Name = "New swipe" })).ToHaveCountAsync(0);
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "Unhide" }).ClickAsync();
        await Expect(messages.Last.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SillyTavernWorldInfoPersonasAndAPresetDroppedOnTheirPagesBecomeALorebookPersonasAndAPreset()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Lorebooks" }).ClickAsync();
        await DropFileAsync(page.Locator(".drop"), "Sky.json", "application/json",
            Encoding.UTF8.GetBytes("""{"entries": {"0": {"uid": 0, "key": ["moon"], "content": "The moon is red.", "sticky": 2}}, "name": "Sky"}"""));
        await Expect(page.Locator(".item", new() { HasText = "Sky" })).ToContainTextAsync("1 entries");

        // SillyTavern's persona backup, dropped on the personas page: each persona with its description, and the default.
        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await DropFileAsync(page.Locator(".drop"), "personas_20261206.json", "application/json", Encoding.UTF8.GetBytes(
            """{"personas": {"1-Ann.png": "Ann"}, "persona_descriptions": {"1-Ann.png": {"description": "A wandering bard."}}, "default_persona": "1-Ann.png"}"""));
        await Expect(page.Locator(".item", new() { HasText = "Ann" })).ToContainTextAsync("default · A wandering bard.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Export for SillyTavern" })).ToHaveAttributeAsync("href", "/api/v1/persona/export");

        await page.GetByRole(AriaRole.Link, new() { Name = "Presets" }).ClickAsync();
        await DropFileAsync(page.Locator(".drop"), "Warm nights.json", "application/json",
            Encoding.UTF8.GetBytes("""{"temperature": 0.9, "openai_max_tokens": 350, "seed": -1, "reasoning_effort": "min", "prompts": []}"""));
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Preset imported. Not taken, as KissChat has no place for them: prompts.");
        var preset = page.Locator(".item", new() { HasText = "Warm nights" });
        await Expect(preset).ToContainTextAsync("temperature 0.9");
        await Expect(preset).ToContainTextAsync("reasoning_effort minimal");
        await preset.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var effort = page.GetByLabel("reasoning effort (thinking models)");
        await Expect(effort).ToHaveValueAsync("minimal");
        await effort.SelectOptionAsync("high");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(preset).ToContainTextAsync("reasoning_effort high");
        await Expect(preset.GetByRole(AriaRole.Link, new() { Name = "Export" })).ToHaveAttributeAsync("href", new Regex("^/api/v1/preset/export/"));

        // Both, and an author's note, are chosen in a chat's settings and shape its next reply.
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New character" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Mira");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await page.GetByLabel("Sky").CheckAsync();
        await page.GetByLabel("Preset").SelectOptionAsync(new SelectOptionValue { Label = "Warm nights" });
        await page.GetByLabel("Author's note").FillAsync("Keep it short.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Chat updated.");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Red, yes."]));
        await SendAsync(page, "Look at the moon");
        await Expect(page.Locator(".messages > .message.assistant").Last).ToContainTextAsync("Red, yes.");

        var sent = app.Server.ModelServer.Requests[^1];
        Assert.Contains(sent.Messages, m => m.Content.Contains("The moon is red.", StringComparison.Ordinal));
        Assert.Contains(sent.Messages, m => m.Content.Contains("Keep it short.", StringComparison.Ordinal));
        Assert.Equal(0.9, sent.Temperature);
        Assert.Equal("high", sent.Body.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public async Task MarkupInRepliesAndCardsShowsAsTextAndRunsNoScript()
    {
        var page = await app.OpenAppAsync();
        var response = await page.ReloadAsync();
        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.Matches("script-src 'self' 'sha256-[^']+';", policy);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);

        await SignUpAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New character" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("<img src=x onerror=\"window.pwned=1\">");
        await page.GetByLabel("Greeting", new() { Exact = true }).FillAsync("<script>window.pwned=2</script>Hi");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat" }).ClickAsync();

        const string Hostile = "<script>window.pwned=3</script> and <img src=x onerror=\"window.pwned=4\"> **bold** in VASTAI_INSTANCE_IP";
        app.Server.ModelServer.Enqueue(ModelScript.Stream([Hostile]));
        await SendAsync(page, "Say something dangerous");
        var reply = page.Locator(".messages > .message.assistant").Last.Locator(".content");
        await Expect(reply).ToContainTextAsync("<script>window.pwned=3</script> and <img src=x onerror=\"window.pwned=4\">");
        await Expect(reply.Locator("strong")).ToHaveTextAsync("bold");
        // Underscores inside a word are not emphasis.
        await Expect(reply).ToContainTextAsync("VASTAI_INSTANCE_IP");
        Assert.Equal(0, await reply.Locator("em").CountAsync());
        await Expect(page.Locator(".messages").First).ToContainTextAsync("<script>window.pwned=2</script>Hi");
        Assert.Equal(0, await page.Locator("#view img[src='x'], #view script").CountAsync());

        // The chat list's preview of the reply is its text, without Markdown's marks.
        await page.GetByRole(AriaRole.Link, new() { Name = "Chats" }).ClickAsync();
        await Expect(page.Locator(".preview").First).ToContainTextAsync("bold in VASTAI_INSTANCE_IP");
        await Expect(page.Locator(".preview").First).Not.ToContainTextAsync("**");
        Assert.Equal(0, await page.Locator("#view img[src='x'], #view script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
    }

    [Fact]
    public async Task SigningOutInOneTabShowsTheOtherOneTheSignInAgain()
    {
        var first = await app.OpenAppAsync();
        await SignUpAsync(first);
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("/#/chats");
        await second.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();

        await first.GetByRole(AriaRole.Link, new() { Name = "Presets" }).ClickAsync();

        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(first.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeHiddenAsync();
        await Expect(first.Locator(".notice.error")).ToHaveTextAsync("You were signed out (in another tab, or your session ended): sign in to go on.");
    }

    [Fact]
    public async Task ADoubleClickOnSaveOrChatMakesOneItem()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New persona" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Bob the User");
        await DoubleClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }), "persona/create");
        Assert.Equal(1, (await ApiAsync(page, "persona/list")).GetProperty("data").GetArrayLength());

        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New character" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Alice");
        await DoubleClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }), "character/create");
        Assert.Equal(1, (await ApiAsync(page, "character/list")).GetProperty("data").GetArrayLength());

        await DoubleClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }), "chat/new");
        Assert.Equal(1, (await ApiAsync(page, "chat/list")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task AStreamingReplyIsFollowedFromTheEndButAReaderScrolledUpStaysWhereTheyAre()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await CreateCharacterAsync(page, "Talker");
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        var lines = Enumerable.Range(1, 60).Select(n =>
            $$"""{"name":"{{(n % 2 == 1 ? "Traveller" : "Talker")}}","is_user":{{(n % 2 == 1 ? "true" : "false")}},"is_system":false,"send_date":"December 1, 2026 10:58pm","mes":"Message {{n}}"}""");
        await page.GetByLabel("Import .jsonl").SetInputFilesAsync(Jsonl("long.jsonl", ["""{"user_name":"Traveller","character_name":"Talker","chat_metadata":{}}""", .. lines]));
        await Expect(page.GetByPlaceholder("Write a message")).ToBeFocusedAsync();
        var release = new TaskCompletionSource();
        var words = Enumerable.Range(1, 80).Select(n => $" word{n}").ToArray();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(words, TimeSpan.FromMilliseconds(20), new StreamHold(40, release.Task)));

        // Read from the end, the reply is followed as it grows over several lines: its last words stay in sight.
        await SendAsync(page, "Talk for a while");
        var streaming = page.Locator(".streaming");
        await Expect(streaming).ToContainTextAsync("word40");
        Assert.True(await streaming.EvaluateAsync<bool>("item => item.getBoundingClientRect().bottom <= document.querySelector('.composer').getBoundingClientRect().top + 1"),
            "The streaming reply's end is out of sight.");

        // Scrolled up to read back, the reader stays there while the rest streams and when the reply ends.
        await page.EvaluateAsync(
            """
            () => new Promise(resolve => {
              window.scrollTo(0, 0);
              window.movedDown = false;
              requestAnimationFrame(() => requestAnimationFrame(() => {
                window.addEventListener('scroll', () => { window.movedDown ||= window.scrollY > 4; });
                resolve();
              }));
            })
            """);
        release.SetResult();
        await Expect(streaming).ToHaveCountAsync(0);
        await Expect(page.Locator(".messages > .message").Last.Locator(".content")).ToContainTextAsync("word80");
        Assert.False(await page.EvaluateAsync<bool>("() => window.movedDown || window.scrollY > 4"), "The page was scrolled down to the reply.");
    }

    [Fact]
    public async Task ContinueIsOfferedOnlyWhenTheChatEndsWithAReplyToExtend()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Quiet");
        var continueButton = page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true });
        await Expect(continueButton).ToBeHiddenAsync();

        var messages = page.Locator(".messages > .message");
        await SendAsync(page, "/send Hello there");
        var generate = messages.Last.GetByRole(AriaRole.Button, new() { Name = "Generate reply" });
        await Expect(generate).ToBeVisibleAsync();
        await Expect(continueButton).ToBeHiddenAsync();

        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Hi."]));
        await generate.ClickAsync();
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Hi.");
        await Expect(continueButton).ToBeVisibleAsync();
    }

    [Fact]
    public async Task BadJsonInALorebookOrACharactersBookSaysWhichFieldAndWhatIsWrong()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Lorebooks" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New lorebook" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Broken");
        await page.GetByLabel("Entries (JSON array)").FillAsync("[oops");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice.error")).ToHaveTextAsync("'entries' is not valid JSON: 'o' cannot stand there (text goes in double quotes, and no comma ends a list).");

        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New character" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Booked");
        await page.GetByLabel("Lorebook (character_book JSON, empty for none)").FillAsync("{\n  not json");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice.error")).ToHaveTextAsync("'character_book' is not valid JSON at line 2, column 3: a name in double quotes was expected.");
    }

    [Fact]
    public async Task ANewCharactersAvatarIsUploadedOnceItIsMadeAndEscapeCancelsAMessageEdit()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New character" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Pictured");
        await page.GetByLabel("Greeting", new() { Exact = true }).FillAsync("Hello!");
        await page.GetByLabel("Avatar (PNG, JPEG or WebP)").SetInputFilesAsync(new FilePayload { Name = "face.png", MimeType = "image/png", Buffer = RealCard("CodingSensei.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator(".character img.avatar")).ToHaveAttributeAsync("src", new Regex("size=thumb"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).ClickAsync();
        var greeting = page.Locator(".messages > .message").First;
        await greeting.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await greeting.GetByLabel("Message text").FillAsync("Changed my mind");
        await greeting.GetByLabel("Message text").PressAsync("Escape");
        await Expect(page.Locator("form.edit")).ToHaveCountAsync(0);
        await Expect(greeting.Locator(".content")).ToHaveTextAsync("Hello!");
        await Expect(greeting.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task ASillyTavernChatImportedWithOneCharacterOrWithAGroupOpensShowingTheFilesMessages()
    {
        var page = await app.OpenAppAsync(timeZone: "Europe/Berlin");
        await SignUpAsync(page);
        var ann = await CreateCharacterAsync(page, "Ann");
        var ben = await CreateCharacterAsync(page, "Ben");
        var contents = page.Locator(".messages > .message .content");

        // One character: the file chosen beside Ann's Chat button becomes a chat with her, opened at once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        var annCard = page.Locator(".card.character", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Ann", Exact = true }) });
        await annCard.GetByLabel("Import .jsonl").SetInputFilesAsync(Jsonl("ann.jsonl",
            """{"user_name":"Traveller","character_name":"Ann","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}""",
            """{"name":"Ann","is_user":false,"is_system":false,"send_date":"December 1, 2026 10:58pm","mes":"Welcome to the inn."}""",
            """{"name":"Traveller","is_user":true,"is_system":false,"send_date":"December 1, 2026 11:02pm","mes":"A room, please."}""",
            """{"name":"Ann","is_user":false,"is_system":false,"send_date":"December 1, 2026 11:03pm","mes":"Upstairs, second door.","swipes":["Upstairs, second door."],"swipe_id":0}"""));
        await Expect(page).ToHaveURLAsync(new Regex("#/chat/[0-9a-f-]+$"));
        await Expect(contents).ToHaveTextAsync(new[] { "Welcome to the inn.", "A room, please.", "Upstairs, second door." });
        var single = await ApiAsync(page, $"chat/{ChatIdOf(page)}");
        Assert.Equal(ann, single.GetProperty("data").GetProperty("character").GetProperty("id").GetString());
        // The browser's time zone went along: 10:58pm in Berlin (UTC+1 in December) is 21:58 UTC.
        var first = (await ApiAsync(page, $"chat/{ChatIdOf(page)}/messages")).GetProperty("data")[0];
        Assert.Equal(new DateTime(2026, 12, 1, 21, 58, 0, DateTimeKind.Utc), first.GetProperty("created_at").GetDateTime().ToUniversalTime());

        // A group: both characters ticked on the chat list; each reply's name says which of them spoke.
        await page.GetByRole(AriaRole.Link, new() { Name = "Chats" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import a chat" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Import a chat" });
        await form.GetByLabel("Ann").CheckAsync();
        await form.GetByLabel("Ben").CheckAsync();
        await form.GetByLabel("Chat file (.jsonl)").SetInputFilesAsync(Jsonl("group.jsonl",
            """{"user_name":"Traveller","character_name":"Ann","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}""",
            """{"name":"Traveller","is_user":true,"is_system":false,"send_date":"December 1, 2026 10:58pm","mes":"Who keeps this inn?"}""",
            """{"name":"Ann","is_user":false,"is_system":false,"send_date":"December 1, 2026 10:59pm","mes":"I do."}""",
            """{"name":"Ben","is_user":false,"is_system":false,"send_date":"December 1, 2026 11:00pm","mes":"And I cook."}"""));
        await form.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(contents).ToHaveTextAsync(new[] { "Who keeps this inn?", "I do.", "And I cook." });
        await Expect(page.Locator(".messages > .message .speaker")).ToHaveTextAsync(new[] { "Ann", "Ben" });
        var group = (await ApiAsync(page, $"chat/{ChatIdOf(page)}")).GetProperty("data").GetProperty("group");
        Assert.Equal(new[] { ann, ben }, group.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        var speakers = (await ApiAsync(page, $"chat/{ChatIdOf(page)}/messages")).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("character_name").GetString());
        Assert.Equal(new string?[] { null, "Ann", "Ben" }, speakers);

        // A reply streaming in the group says who speaks (its first frames name them), as the reply will once it ends.
        var release = new TaskCompletionSource();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["I'll", " fetch it."], hold: new StreamHold(1, release.Task)));
        await SendAsync(page, "Who brings the wine?");
        await Expect(page.Locator(".streaming .content")).ToHaveTextAsync("I'll");
        await Expect(page.Locator(".streaming .speaker")).ToHaveTextAsync("Ann");
        release.SetResult();
        await Expect(page.Locator(".streaming")).ToHaveCountAsync(0);
        await Expect(page.Locator(".messages > .message .speaker")).ToHaveTextAsync(new[] { "Ann", "Ben", "Ann" });

        // The chat list shows the group by its members: an avatar each, and their names.
        await page.GetByRole(AriaRole.Link, new() { Name = "Chats" }).ClickAsync();
        var listed = page.Locator(".list > .item").Filter(new() { Has = page.Locator(".avatars") });
        await Expect(listed.Locator(".avatars > .avatar")).ToHaveCountAsync(2);
        await Expect(listed.Locator("a .muted")).ToHaveTextAsync("Ann, Ben");
    }

    [Fact]
    public async Task ABadChatFileShowsTheApisErrorNamingItsLineAndImportsNothing()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await CreateCharacterAsync(page, "Ann");
        await CreateCharacterAsync(page, "Ben");
        // The chat list shown since signing up was drawn before the characters existed.
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import a chat" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Import a chat" });
        await form.GetByLabel("Ann").CheckAsync();
        await form.GetByLabel("Chat file (.jsonl)").SetInputFilesAsync(Jsonl("broken.jsonl",
            """{"user_name":"Traveller","character_name":"Ann","create_date":"2026-12-01@22h58m11s","chat_metadata":{}}""",
            """{"name":"Ann","is_user":false,"is_system":false,"mes":"Welcome."}""",
            """{"name":"Ann","is_user":false,"mes":"cut off here"""));
        await form.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        await Expect(page.Locator(".notice.error")).ToHaveTextAsync("Line 3: not valid JSON.");
        await Expect(page).ToHaveURLAsync(new Regex("#/chats$"));
        Assert.Equal(0, (await ApiAsync(page, "chat/list")).GetProperty("data").GetArrayLength());

        // In a group chat, a reply by someone not in the group is the API's error on its line.
        await form.GetByLabel("Ben").CheckAsync();
        await form.GetByLabel("Chat file (.jsonl)").SetInputFilesAsync(Jsonl("group.jsonl",
            """{"user_name":"Traveller","character_name":"Ann","chat_metadata":{}}""",
            """{"name":"Ann","is_user":false,"is_system":false,"mes":"Welcome."}""",
            """{"name":"Cy","is_user":false,"is_system":false,"mes":"Me too."}"""));
        await form.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice.error")).ToHaveTextAsync("Line 3: 'Cy' is not one of the chat's characters (Ann, Ben).");

        // Without a character ticked the app asks for one before sending anything.
        await form.GetByLabel("Ann").UncheckAsync();
        await form.GetByLabel("Ben").UncheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice.error")).ToContainTextAsync("Choose the chat's character");
        Assert.Equal(0, (await ApiAsync(page, "chat/list")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task ABranchSaysSoUnderItsTitleAndLinksBackToTheChatItCameFrom()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await CreateCharacterAsync(page, "Mira", greeting: "Welcome, traveller!");
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).ClickAsync();
        var messages = page.Locator(".messages > .message");
        await Expect(messages.First).ToContainTextAsync("Welcome, traveller!");
        var parentUrl = page.Url;
        var parentTitle = await page.Locator(".chat-head h1").TextContentAsync();
        // A chat never branched has no mark.
        await Expect(page.Locator(".chat-family")).ToHaveCountAsync(0);

        await messages.First.GetByRole(AriaRole.Button, new() { Name = "Branch" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(parentUrl);
        var branchUrl = page.Url;
        var mark = page.Locator(".chat-family .branch-of");
        await Expect(mark).ToHaveTextAsync($"Branch of {parentTitle}");
        await Expect(messages.First).ToContainTextAsync("Welcome, traveller!");

        await mark.GetByRole(AriaRole.Link, new() { Name = parentTitle! }).ClickAsync();
        await Expect(page).ToHaveURLAsync(parentUrl);
        await Expect(page.Locator(".chat-family .branch-of")).ToHaveCountAsync(0);
        // The parent lists its branch; the link leads there.
        var branches = page.Locator(".chat-family .branches");
        await Expect(branches).ToContainTextAsync($"Branched into {parentTitle}");
        await branches.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(branchUrl);
        await Expect(page.Locator(".chat-family .branch-of")).ToBeVisibleAsync();

        // The chat list marks the branch, not its parent.
        await page.GetByRole(AriaRole.Link, new() { Name = "Chats" }).ClickAsync();
        var listed = page.Locator(".list > .item");
        await Expect(listed).ToHaveCountAsync(2);
        await Expect(listed.Locator(".badge")).ToHaveCountAsync(1);
        await listed.Filter(new() { Has = page.Locator(".badge") }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(branchUrl);
    }

    [Fact]
    public async Task AThinkingModelsReasoningShowsWhileItThinksThenFoldedUnderThinkingAfterAReloadAndForEachSwipeItsOwn()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Sage");
        var messages = page.Locator(".messages > .message");

        // While the model thinks, its reasoning shows open above the reply (before any word of the reply).
        app.Server.ModelServer.Enqueue(ModelScript.ThinkThenStream(
            "reasoning_content", ["The guest ", "looks *tired*. ", "<img src=x onerror=alert(1)> ", "Offer a room."], TimeSpan.FromMilliseconds(700), ["Welcome", ", rest here."]));
        await SendAsync(page, "Hello");
        await Expect(messages.First.Locator(".content")).ToHaveTextAsync("Hello");
        var streaming = page.Locator(".streaming");
        await Expect(streaming.Locator("details.reasoning")).ToHaveJSPropertyAsync("open", true);
        await Expect(streaming.Locator(".reasoning-text")).ToBeVisibleAsync();
        await Expect(streaming.Locator(".reasoning-text")).ToContainTextAsync("The guest");
        await Expect(streaming.Locator(".content")).Not.ToContainTextAsync("guest");
        await Expect(streaming).ToHaveCountAsync(0);

        // The reply: its text alone, the reasoning folded under "Thinking" above it, rendered as replies are (never as HTML).
        const string Reasoning = "The guest looks tired. <img src=x onerror=alert(1)> Offer a room.";
        var reply = messages.Last;
        await ExpectFoldedThoughtsAsync(reply, Reasoning);
        await Expect(reply.Locator(".content")).ToHaveTextAsync("Welcome, rest here.");
        await reply.Locator(".reasoning summary").ClickAsync();
        await Expect(reply.Locator(".reasoning-text")).ToBeVisibleAsync();
        await Expect(reply.Locator(".reasoning-text em")).ToHaveTextAsync("tired");
        await Expect(reply.Locator("img")).ToHaveCountAsync(0);
        var stored = (await ApiAsync(page, $"chat/{ChatIdOf(page)}/messages")).GetProperty("data").EnumerateArray().Last();
        Assert.Equal("The guest looks *tired*. <img src=x onerror=alert(1)> Offer a room.", stored.GetProperty("reasoning").GetString());

        // After a reload it is still there, folded.
        await page.ReloadAsync();
        await ExpectFoldedThoughtsAsync(messages.Last, Reasoning);
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Welcome, rest here.");
        // A message without reasoning (the user's) shows nothing more.
        await Expect(messages.First.Locator(".reasoning")).ToHaveCountAsync(0);

        // A regenerated reply without reasoning shows none; another with its own shows that; each swipe shows its own.
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Plain", " answer."]));
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await Expect(messages.Last.Locator(".swipe-count")).ToHaveTextAsync("2/2");
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Plain answer.");
        await Expect(messages.Last.Locator(".reasoning")).ToHaveCountAsync(0);
        app.Server.ModelServer.Enqueue(ModelScript.ThinkThenStream("reasoning", ["Be brief."], TimeSpan.Zero, ["Hi."]));
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "New swipe" }).ClickAsync();
        await Expect(messages.Last.Locator(".swipe-count")).ToHaveTextAsync("3/3");
        await ExpectFoldedThoughtsAsync(messages.Last, "Be brief.");
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "Previous swipe" }).ClickAsync();
        await Expect(messages.Last.Locator(".swipe-count")).ToHaveTextAsync("2/3");
        await Expect(messages.Last.Locator(".reasoning")).ToHaveCountAsync(0);
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "Previous swipe" }).ClickAsync();
        await Expect(messages.Last.Locator(".swipe-count")).ToHaveTextAsync("1/3");
        await ExpectFoldedThoughtsAsync(messages.Last, Reasoning);
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Welcome, rest here.");
        await messages.Last.GetByRole(AriaRole.Button, new() { Name = "Next swipe" }).ClickAsync();
        await Expect(messages.Last.Locator(".swipe-count")).ToHaveTextAsync("2/3");
        await Expect(messages.Last.Locator(".reasoning")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AReplyFollowedAcrossAReloadWhileTheModelThinksShowsItsReasoningOnceAndWhole()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Sage");
        var messages = page.Locator(".messages > .message");
        var thoughts = Enumerable.Range(1, 10).Select(step => $"Step {step}. ").ToArray();
        var whole = string.Concat(thoughts).TrimEnd();
        app.Server.ModelServer.Enqueue(ModelScript.ThinkThenStream("reasoning_content", thoughts, TimeSpan.FromMilliseconds(500), ["Done."]));
        await page.AddInitScriptAsync(RecordStreamingThoughts);
        var resumedWith = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/chat/stream/", StringComparison.Ordinal))
            {
                resumedWith.Add(request.Headers.GetValueOrDefault("last-event-id"));
            }
        };

        await SendAsync(page, "Count to ten");
        await Expect(page.Locator(".streaming .reasoning-text")).ToContainTextAsync("Step 2.");
        await page.ReloadAsync();
        await Expect(page.Locator(".streaming")).ToHaveCountAsync(0);
        await ExpectFoldedThoughtsAsync(messages.Last, whole);
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Done.");

        // After the reload the stream went on after the last frame seen: the reasoning shown so far came back at once, and
        // every later state of it is a prefix of the whole (none of it twice).
        var seen = (await page.EvaluateAsync<string[]>("() => window.streamedThoughts")).Select(text => text.Trim()).ToList();
        Assert.NotEmpty(seen);
        Assert.StartsWith("Step 1. Step 2.", seen[0], StringComparison.Ordinal);
        Assert.All(seen, text => Assert.StartsWith(text, whole, StringComparison.Ordinal));
        Assert.NotNull(Assert.Single(resumedWith));
    }

    // Every text a streaming reply shows, recorded as the page changes (so no moment is missed between two polls).
    private const string RecordStreamingText = """
        () => {
          window.streamedTexts = [];
          new MutationObserver(() => {
            const streaming = document.querySelector('.streaming .content');
            if (streaming) window.streamedTexts.push(streaming.textContent);
          }).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    // Every reasoning text a streaming reply shows, from the page's start (an init script: it runs again after a reload).
    private const string RecordStreamingThoughts = """
        window.streamedThoughts = [];
        new MutationObserver(() => {
          const thoughts = document.querySelector('.streaming .reasoning-text');
          if (thoughts) window.streamedThoughts.push(thoughts.textContent);
        }).observe(document, { childList: true, subtree: true, characterData: true });
        """;

    [Fact]
    public async Task AReplysThinkingIsEditedWithItsTextAndRemovedWhenEmptied()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Sage");
        app.Server.ModelServer.Enqueue(ModelScript.ThinkThenStream("reasoning", ["Be brief."], TimeSpan.Zero, ["Welcome."]));
        await SendAsync(page, "Hello");
        var reply = page.Locator(".messages > .message.assistant").Last;
        await ExpectFoldedThoughtsAsync(reply, "Be brief.");

        await reply.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(reply.GetByLabel("Thinking")).ToHaveValueAsync("Be brief.");
        await reply.GetByLabel("Thinking").FillAsync("Be warm, then brief.");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await ExpectFoldedThoughtsAsync(reply, "Be warm, then brief.");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await reply.GetByLabel("Thinking").FillAsync("");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(reply.Locator(".content")).ToHaveTextAsync("Welcome.");
        await Expect(reply.Locator("details.reasoning")).ToHaveCountAsync(0);
        var stored = (await ApiAsync(page, $"chat/{ChatIdOf(page)}/messages")).GetProperty("data").EnumerateArray().Last();
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("reasoning").ValueKind);
    }

    [Fact]
    public async Task AMessageSentWhileTheChatStillLoadsGoesOnceItHasLoadedInsteadOfVanishing()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await CreateCharacterAsync(page, "Quill");
        var release = new TaskCompletionSource();
        await page.RouteAsync(new Regex("/messages\\?limit=200$"), async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).ClickAsync();
        var composer = page.GetByPlaceholder("Write a message");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Good morning."]));

        await composer.FillAsync("Early bird");
        await composer.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Sending once the chat has loaded…");
        Assert.DoesNotContain(app.Server.ModelServer.Requests, r => r.Messages.Any(m => m.Content == "Early bird"));
        release.SetResult();

        await Expect(page.Locator(".messages > .message.user").Last).ToContainTextAsync("Early bird");
        await Expect(page.Locator(".messages > .message.assistant").Last).ToContainTextAsync("Good morning.");
        await Expect(composer).ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("");
    }

    [Fact]
    public async Task ImpersonateWritesMyNextMessageIntoTheComposerForMeToEditAndSend()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Wren");
        var composer = page.GetByPlaceholder("Write a message");
        var impersonate = page.GetByRole(AriaRole.Button, new() { Name = "Impersonate" });

        // A failure says why and gives back what I had typed.
        app.Server.ModelServer.Enqueue(ModelScript.Status(400, "bad request"));
        await composer.FillAsync("wave");
        await impersonate.ClickAsync();
        await Expect(page.Locator(".notice.error")).ToBeVisibleAsync();
        await Expect(composer).ToHaveValueAsync("wave");

        // What I typed is its direction; the message streams into the composer, which waits read-only, and the same button stops it.
        var release = new TaskCompletionSource();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["I knock ", "twice."], hold: new StreamHold(1, release.Task)));
        await composer.FillAsync("knock on the door");
        await impersonate.ClickAsync();
        await Expect(composer).ToHaveValueAsync("I knock ");
        await Expect(composer).ToHaveJSPropertyAsync("readOnly", true);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop writing" })).ToBeVisibleAsync();
        release.SetResult();
        await Expect(composer).ToHaveValueAsync("I knock twice.");
        await Expect(composer).ToHaveJSPropertyAsync("readOnly", false);
        Assert.EndsWith("knock on the door", app.Server.ModelServer.Requests[^1].Messages[^1].Content, StringComparison.Ordinal);
        await Expect(page.Locator(".messages > .message.user")).ToHaveCountAsync(0);

        // Nothing is sent until I send it.
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Come in."]));
        await composer.PressAsync("Enter");
        await Expect(page.Locator(".messages > .message.user").Last).ToContainTextAsync("I knock twice.");
        await Expect(page.Locator(".messages > .message.assistant").Last).ToContainTextAsync("Come in.");
    }

    [Fact]
    public async Task APersonaMadeOnItsPageSaysWhereItsDescriptionGoes()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New persona" }).ClickAsync();

        await page.GetByLabel("Name").FillAsync("Ada");
        await page.GetByLabel("Description (who you are in the story)").FillAsync("Ada has one boot.");
        await page.GetByLabel("Where the description goes").SelectOptionAsync("at_depth");
        await page.GetByLabel("Depth (messages from the end)").FillAsync("0");
        await page.GetByLabel("Speaks as (at a depth)").SelectOptionAsync("user");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.Locator(".list > .item")).ToContainTextAsync("Ada has one boot.");
        var persona = (await ApiAsync(page, "persona/list")).GetProperty("data")[0];
        Assert.Equal(("at_depth", 0, "user"), (persona.GetProperty("description_position").GetString(), persona.GetProperty("description_depth").GetInt32(), persona.GetProperty("description_role").GetString()));
    }

    [Fact]
    public async Task RepliesAreStartedWithoutAskingForACopyOfTheWholeChat()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Lean");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Hi", " there."]));
        var sending = page.WaitForRequestAsync(request => request.Method == "POST" && request.Url.EndsWith("/api/v1/chat/response", StringComparison.Ordinal));
        await SendAsync(page, "Hello");
        var replies = page.Locator(".messages > .message.assistant");
        await Expect(replies.Last.Locator(".content")).ToHaveTextAsync("Hi there.");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Again."]));
        var regenerating = page.WaitForRequestAsync(request => request.Method == "POST" && request.Url.EndsWith("/regenerate", StringComparison.Ordinal));
        await replies.Last.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await Expect(replies.Last.Locator(".content")).ToHaveTextAsync("Again.");

        // The completed frame of a long chat carried all of it, megabytes the page never read.
        foreach (var request in new[] { await sending, await regenerating })
        {
            Assert.Equal("none", JsonDocument.Parse(request.PostData!).RootElement.GetProperty("history").GetString());
        }
    }

    [Fact]
    public async Task ASendWhoseAnswerIsLostOnTheWayIsSentAgainAndShowsItsReplyOnce()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Courier");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Delivered", " once."]));
        var keys = new List<string?>();
        // The server has the send and answers it; the connection drops before the page has the answer.
        await page.RouteAsync(new Regex("/api/v1/chat/response$"), async route =>
        {
            keys.Add(await route.Request.HeaderValueAsync("idempotency-key"));
            if (keys.Count == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }

            await route.ContinueAsync();
        });

        await SendAsync(page, "Did it arrive?");

        var replies = page.Locator(".messages > .message.assistant");
        await Expect(replies.Last.Locator(".content")).ToHaveTextAsync("Delivered once.");
        await Expect(page.Locator(".messages > .message.user")).ToHaveCountAsync(1);
        Assert.Equal(2, keys.Count);
        Assert.False(string.IsNullOrEmpty(keys[0]));
        Assert.Equal(keys[0], keys[1]);
        var stored = (await ApiAsync(page, $"chat/{ChatIdOf(page)}/messages")).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("role").GetString());
        Assert.Equal(["user", "assistant"], stored);
        Assert.Single(app.Server.ModelServer.Requests, r => r.Messages.Any(m => m.Content == "Did it arrive?"));
        // The second try was answered with the first one's reply, not refused as a reply already running.
        await Expect(page.Locator(".notice.error")).ToBeHiddenAsync();
    }

    /// <summary>The server joins a continuation to its message with a space where neither side has one; the app shows it so as it streams.</summary>
    [Fact]
    public async Task AContinuationStreamsJoinedToItsMessageWithASpace()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Teller");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["She", " smiled."]));
        await SendAsync(page, "Go on");
        var replies = page.Locator(".messages > .message.assistant");
        await Expect(replies.Last.Locator(".content")).ToHaveTextAsync("She smiled.");
        var release = new TaskCompletionSource();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Then", " she left."], hold: new StreamHold(1, release.Task)));

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.Locator(".streaming")).ToHaveTextAsync("She smiled. Then");
        release.SetResult();
        await Expect(page.Locator(".streaming")).ToHaveCountAsync(0);
        await Expect(replies.Last.Locator(".content")).ToHaveTextAsync("She smiled. Then she left.");
    }

    [Fact]
    public async Task AReplyContinuedOrRegeneratedAcrossAReloadShowsOnceInPlaceOfTheStoredOne()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Bard");
        var replies = page.Locator(".messages > .message.assistant");
        var streaming = page.Locator(".streaming");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["The", " song", " begins."]));
        await SendAsync(page, "Sing");
        await Expect(replies.Last.Locator(".content")).ToHaveTextAsync("The song begins.");

        // A continuation reloaded mid-way: the reply streams on after its stored text, shown once.
        var release = new TaskCompletionSource();
        app.Server.ModelServer.Enqueue(ModelScript.Stream([" It", " rises", " high."], hold: new StreamHold(1, release.Task)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(streaming).ToHaveTextAsync("The song begins. It");
        await page.ReloadAsync();
        await Expect(streaming).ToHaveTextAsync("The song begins. It");
        await Expect(replies).ToHaveCountAsync(1);
        // Another tab, which did not start it, learns from chat/{id}/active what kind of reply it follows.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(page.Url);
        var otherReplies = other.Locator(".messages > .message.assistant");
        await Expect(other.Locator(".streaming")).ToHaveTextAsync("The song begins. It");
        await Expect(otherReplies).ToHaveCountAsync(1);
        release.SetResult();
        await Expect(streaming).ToHaveCountAsync(0);
        await Expect(replies).ToHaveCountAsync(1);
        await Expect(replies.Last.Locator(".content")).ToContainTextAsync("It rises high.");

        // A regenerated reply reloaded mid-way takes the stored one's place until it ends, then is its second swipe.
        var again = new TaskCompletionSource();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["A", " new", " song."], hold: new StreamHold(1, again.Task)));
        await replies.Last.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await Expect(streaming).ToHaveTextAsync("A");
        await page.ReloadAsync();
        await Expect(streaming).ToHaveTextAsync("A");
        await Expect(replies).ToHaveCountAsync(1);
        await other.ReloadAsync();
        await Expect(other.Locator(".streaming")).ToHaveTextAsync("A");
        await Expect(otherReplies).ToHaveCountAsync(1);
        again.SetResult();
        await Expect(replies.Last.Locator(".swipe-count")).ToHaveTextAsync("2/2");
        await Expect(replies.Last.Locator(".content")).ToHaveTextAsync("A new song.");
        await Expect(replies).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task AMessageRefusedWhileAnotherTabsReplyRunsStaysInTheComposerAndWhatIsTypedLaterIsKept()
    {
        var first = await app.OpenAppAsync();
        await SignUpAsync(first);
        await OpenChatAsync(first, "Echo");
        var second = await first.Context.NewPageAsync();
        await second.GotoAsync(first.Url);
        var composer = second.GetByPlaceholder("Write a message");
        await Expect(composer).ToBeFocusedAsync();
        var release = new TaskCompletionSource();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Still", " talking."], hold: new StreamHold(1, release.Task)));
        await SendAsync(first, "Tell me");
        await Expect(first.Locator(".streaming")).ToHaveTextAsync("Still");

        await SendAsync(second, "My precious text");
        await Expect(second.Locator(".notice.error")).ToBeVisibleAsync();
        await Expect(second.Locator(".streaming")).ToHaveTextAsync("Still");
        await Expect(composer).ToHaveValueAsync("My precious text");
        await composer.FillAsync("Typed while waiting");
        release.SetResult();

        await Expect(second.Locator(".streaming")).ToHaveCountAsync(0);
        await Expect(second.Locator(".messages > .message.assistant").Last).ToContainTextAsync("Still talking.");
        await Expect(composer).ToHaveValueAsync("Typed while waiting");
        Assert.DoesNotContain(app.Server.ModelServer.Requests, r => r.Messages.Any(m => m.Content.Contains("precious", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SavingACardUnchangedKeepsItsTextAsItWasAndEachAlternateGreetingHasItsOwnBox()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        var id = await page.EvaluateAsync<string>(
            """
            async () => {
              const response = await fetch('/api/v1/character/create', {
                method: 'POST', headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ name: 'Alice', personality: 'Curious.\r\nCareful.', alternate_greetings: ['Hi.\n---\nBye.', 'Hello.'] }),
              });
              return (await response.json()).data.character_id;
            }
            """);
        var before = (await ApiAsync(page, $"character/get/{id}")).GetProperty("data");
        var greetings = page.GetByLabel("Alternate greeting");

        await page.GotoAsync($"/#/character/{id}/edit");
        await Expect(greetings).ToHaveCountAsync(2);
        await Expect(greetings.First).ToHaveValueAsync("Hi.\n---\nBye.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/characters$"));
        var after = (await ApiAsync(page, $"character/get/{id}")).GetProperty("data");
        Assert.Equal("Curious.\r\nCareful.", before.GetProperty("personality").GetString());
        Assert.Equal(before.GetProperty("personality").GetString(), after.GetProperty("personality").GetString());
        Assert.Equal(["Hi.\n---\nBye.", "Hello."], after.GetProperty("alternate_greetings").EnumerateArray().Select(g => g.GetString()));

        // One greeting removed and one added: the others are as they were.
        await page.GotoAsync($"/#/character/{id}/edit");
        await page.Locator(".greeting").Nth(1).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a greeting" }).ClickAsync();
        await greetings.Last.FillAsync("Good day.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/characters$"));
        after = (await ApiAsync(page, $"character/get/{id}")).GetProperty("data");
        Assert.Equal(["Hi.\n---\nBye.", "Good day."], after.GetProperty("alternate_greetings").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("Curious.\r\nCareful.", after.GetProperty("personality").GetString());
    }

    [Fact]
    public async Task ALongChatTitleKeepsAColumnWideEnoughToReadBesideItsButtons()
    {
        var page = await app.OpenAppAsync();
        await page.SetViewportSizeAsync(1280, 800);
        await SignUpAsync(page);
        await OpenChatAsync(page, "Carol");
        await page.EvaluateAsync(
            "id => fetch(`/api/v1/chat/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'PngV2 Alice, Json Carol and the long road home' }) })",
            ChatIdOf(page));
        await page.ReloadAsync();
        var title = page.Locator(".chat-head h1");
        await Expect(title).ToHaveTextAsync("PngV2 Alice, Json Carol and the long road home");

        var box = (await title.BoundingBoxAsync())!;
        Assert.True(box.Width >= 280, $"The title is {box.Width} px wide.");
    }

    [Fact]
    public async Task SendingAfterBeingSignedOutElsewhereKeepsTheMessageSaysWhyAndSigningInReturnsToTheChat()
    {
        var page = await app.OpenAppAsync();
        var email = await SignUpAsync(page);
        await OpenChatAsync(page, "Vera");
        var chatUrl = page.Url;
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.EvaluateAsync("() => fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })");

        await SendAsync(page, "A message I typed with care");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Expect(page.Locator(".notice.error")).ToContainTextAsync("signed out");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestUser.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(chatUrl);
        await Expect(page.GetByPlaceholder("Write a message")).ToHaveValueAsync("A message I typed with care");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AnEditInProgressStaysOpenWithItsTextWhenAnotherMessageIsHiddenOrAMessageIsSent()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Mira", greeting: "Welcome!");
        var messages = page.Locator(".messages > .message");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Hello."]));
        await SendAsync(page, "first");
        await Expect(messages.Last).ToContainTextAsync("Hello.");

        await messages.First.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var editor = messages.First.GetByLabel("Message text");
        await editor.FillAsync("My careful edit");
        await messages.Nth(1).GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
        await Expect(messages.Nth(1)).ToContainTextAsync("Hidden from the model");
        await Expect(editor).ToHaveValueAsync("My careful edit");

        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Again."]));
        await SendAsync(page, "second");
        await Expect(messages.Last).ToContainTextAsync("Again.");
        await Expect(editor).ToHaveValueAsync("My careful edit");
        await messages.First.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(messages.First.Locator(".content")).ToHaveTextAsync("My careful edit");
        await Expect(page.Locator("form.edit")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AReplysListsAfterALineOfTextOneKindAfterTheOtherAndNestedShowAsListsAndBoldItalicsAsBoth()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Lister");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Options:\n- tea\n- coffee\n1. first\n2. second\n- outer\n  - inner\n***loud***"]));
        await SendAsync(page, "List them");
        var content = page.Locator(".messages > .message.assistant").Last.Locator(".content");

        await Expect(content.Locator(":scope > *")).ToHaveCountAsync(5);
        await Expect(content.Locator(":scope > p").First).ToHaveTextAsync("Options:");
        await Expect(content.Locator(":scope > ul").First.Locator(":scope > li")).ToHaveTextAsync(new[] { "tea", "coffee" });
        await Expect(content.Locator(":scope > ol > li")).ToHaveTextAsync(new[] { "first", "second" });
        await Expect(content.Locator(":scope > ul").Nth(1).Locator(":scope > li > ul > li")).ToHaveTextAsync("inner");
        await Expect(content.Locator("strong > em")).ToHaveTextAsync("loud");
        await Expect(content).Not.ToContainTextAsync("*");
    }

    /// <summary>As in CommonMark, only a list from 1 (or bullets) interrupts a paragraph: prose that wraps onto "1999. " does not.</summary>
    [Fact]
    public async Task ALineOfProseBeginningWithANumberOtherThanOneGoesOnWithItsParagraph()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Counter");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["It all began in\n1999. Then came more.\nSteps:\n1. wake\n2. rise"]));
        await SendAsync(page, "Tell me");
        var content = page.Locator(".messages > .message.assistant").Last.Locator(".content");

        await Expect(content.Locator(":scope > *")).ToHaveCountAsync(2);
        await Expect(content.Locator(":scope > p")).ToHaveTextAsync("It all began in1999. Then came more.Steps:");
        await Expect(content.Locator(":scope > ol > li")).ToHaveTextAsync(new[] { "wake", "rise" });
    }

    [Fact]
    public async Task SysWithoutTextIsNotSentAndSysFollowedByANewLineIsNarration()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Odo");
        var composer = page.GetByPlaceholder("Write a message");
        var asked = app.Server.ModelServer.Requests.Count;

        await SendAsync(page, "/sys");
        await Expect(page.Locator(".notice.error")).ToContainTextAsync("/sys needs");
        await Expect(composer).ToHaveValueAsync("/sys");
        await Expect(page.Locator(".messages > .message")).ToHaveCountAsync(0);

        await SendAsync(page, "/sys\nThe rain starts.");
        var narration = page.Locator(".messages > .message.narrator");
        await Expect(narration.Locator(".content")).ToHaveTextAsync("The rain starts.");
        await Expect(composer).ToHaveValueAsync("");
        Assert.Equal(asked, app.Server.ModelServer.Requests.Count);
    }

    [Fact]
    public async Task AHebrewParagraphReadsRightToLeftAndTheComposerFollowsWhatIsTyped()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Noa");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Hello there.\n\nשלום, מה שלומך?"]));
        await SendAsync(page, "Say hello in Hebrew");
        var paragraphs = page.Locator(".messages > .message.assistant").Last.Locator(".content p");
        await Expect(paragraphs).ToHaveCountAsync(2);

        // Retrying assertions: the reply is drawn again when its stream ends, and a paragraph read in between is detached.
        await Expect(paragraphs.First).ToHaveCSSAsync("direction", "ltr");
        await Expect(paragraphs.Last).ToHaveCSSAsync("direction", "rtl");
        await Expect(page.GetByPlaceholder("Write a message")).ToHaveAttributeAsync("dir", "auto");
    }

    [Fact]
    public async Task OnAPhoneTheCharactersAndPersonasPagesAreNoWiderThanTheScreen()
    {
        var page = await app.OpenAppAsync();
        await page.SetViewportSizeAsync(390, 844);
        await SignUpAsync(page);
        await CreateCharacterAsync(page, "Pip");
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pip" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);

        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Personas" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);
    }

    [Fact]
    public async Task AnErrorNoticeLeavesEveryNavigationLinkInSight()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await CreateCharacterAsync(page, "Ann");
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Import a chat" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Import a chat" });
        await form.GetByLabel("Chat file (.jsonl)").SetInputFilesAsync(Jsonl("chat.jsonl", """{"user_name":"Traveller","character_name":"Ann","chat_metadata":{}}"""));
        await form.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice.error")).ToContainTextAsync("Choose the chat's character");

        var covered = await page.EvaluateAsync<string[]>(
            """
            () => {
              const notice = document.querySelector('.notice').getBoundingClientRect();
              return [...document.querySelectorAll('.nav a, .nav button')].filter(link => {
                const box = link.getBoundingClientRect();
                return box.left < notice.right && notice.left < box.right && box.top < notice.bottom && notice.top < box.bottom;
              }).map(link => link.textContent);
            }
            """);
        Assert.Empty(covered);
    }

    [Fact]
    public async Task AnOpenPromptPreviewFollowsSavedChatSettingsAndNewReplies()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Nox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Prompt", Exact = true }).ClickAsync();
        var preview = page.Locator(".preview-panel");
        await Expect(preview).ToContainTextAsync("Next prompt");

        await page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await page.GetByLabel("Author's note").FillAsync("NOTE-XYZ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(preview).ToContainTextAsync("NOTE-XYZ");

        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Night falls."]));
        await SendAsync(page, "Hello preview");
        await Expect(page.Locator(".messages > .message.assistant").Last).ToContainTextAsync("Night falls.");
        await Expect(preview).ToContainTextAsync("Night falls.");

        // The note's role and place, saved and shown again, put it first, as the user's.
        await page.GetByLabel("Where it goes").SelectOptionAsync("before_main");
        await page.GetByLabel("Speaks as").SelectOptionAsync("user");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(preview.Locator("ol.prompt > li").First.Locator("strong")).ToHaveTextAsync("user");
        await Expect(preview.Locator("ol.prompt > li").First.Locator("pre")).ToHaveTextAsync("NOTE-XYZ");
        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByLabel("Where it goes")).ToHaveValueAsync("before_main");
        await Expect(page.GetByLabel("Speaks as")).ToHaveValueAsync("user");
    }

    [Fact]
    public async Task AnOpenPromptPreviewFollowsThePersonaChosenInTheChatHeader()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await page.EvaluateAsync(
            """
            async () => {
              for (const persona of [{ name: 'Plain' }, { name: 'Quill', description: 'QUILL-DESC a scribe.' }])
                await fetch('/api/v1/persona/create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(persona) });
            }
            """);
        await OpenChatAsync(page, "Fox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Prompt", Exact = true }).ClickAsync();
        var preview = page.Locator(".preview-panel");
        await Expect(preview).ToContainTextAsync("Next prompt");
        await Expect(preview).Not.ToContainTextAsync("QUILL-DESC");

        await page.GetByLabel("Persona", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Quill" });

        await Expect(preview).ToContainTextAsync("QUILL-DESC");
    }

    [Fact]
    public async Task AReplyTheProviderCutsOffKeepsItsTextMarkedInterruptedWithContinueOffered()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Cutter");
        app.Server.ModelServer.Enqueue(ModelScript.CutAfter(["Half ", "a story"]));
        await SendAsync(page, "Tell me a story");

        var reply = page.Locator(".messages > .message.assistant").Last;
        await Expect(page.Locator(".notice.error")).ToContainTextAsync("kept");
        await Expect(reply.Locator(".content")).ToHaveTextAsync("Half a story");
        await Expect(reply).ToContainTextAsync("interrupted");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Continue" })).ToBeEnabledAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "kisschat-interrupted.png") });
    }

    [Fact]
    public async Task AHiddenLastReplyOffersNoContinueAndShownAgainItDoes()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Tess");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Half a thought"]));
        await SendAsync(page, "Go on");
        var reply = page.Locator(".messages > .message.assistant").Last;
        await Expect(reply.Locator(".content")).ToHaveTextAsync("Half a thought");
        var continueButton = page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true });
        await Expect(continueButton).ToBeVisibleAsync();

        await reply.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
        await Expect(reply.GetByRole(AriaRole.Button, new() { Name = "Unhide" })).ToBeVisibleAsync();
        await Expect(continueButton).ToBeHiddenAsync();

        await reply.GetByRole(AriaRole.Button, new() { Name = "Unhide" }).ClickAsync();
        await Expect(continueButton).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OlderMessagesOfALongChatLoadAboveWithoutMovingTheViewAndTheLongerListStillTakesActionsAndReplies()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await CreateCharacterAsync(page, "Long");
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        var lines = Enumerable.Range(1, 230).Select(n =>
            $$"""{"name":"{{(n % 2 == 1 ? "Traveller" : "Long")}}","is_user":{{(n % 2 == 1 ? "true" : "false")}},"is_system":false,"send_date":"December 1, 2026 10:58pm","mes":"Message {{n}}"}""");
        await page.GetByLabel("Import .jsonl").SetInputFilesAsync(Jsonl("long.jsonl", ["""{"user_name":"Traveller","character_name":"Long","chat_metadata":{}}""", .. lines]));
        var messages = page.Locator(".messages > .message");
        await Expect(page.GetByPlaceholder("Write a message")).ToBeFocusedAsync();
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Message 230");
        await Expect(messages).ToHaveCountAsync(200);
        await Expect(messages.First.Locator(".content")).ToHaveTextAsync("Message 31");

        // The page before goes above, and the message that was first stays where it was on the screen.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var older = page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" });
        var was = (await messages.Filter(new() { HasText = "Message 31" }).BoundingBoxAsync())!.Y;
        await older.ClickAsync();
        await Expect(messages).ToHaveCountAsync(230);
        await Expect(messages.First.Locator(".content")).ToHaveTextAsync("Message 1");
        await Expect(older).ToBeHiddenAsync();
        var now = (await messages.Filter(new() { HasText = "Message 31" }).BoundingBoxAsync())!.Y;
        Assert.True(Math.Abs(now - was) <= 2, $"Message 31 moved from {was} to {now}.");

        // An old message hidden, and a reply streamed at the end, leave the older ones shown.
        var fifth = messages.Nth(4);
        await fifth.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
        await Expect(fifth).ToContainTextAsync("Hidden from the model");
        await Expect(messages).ToHaveCountAsync(230);
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["The", " end."], TimeSpan.FromMilliseconds(50)));
        await SendAsync(page, "Finish it");
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("The end.");
        await Expect(messages).ToHaveCountAsync(232);
        await Expect(messages.First.Locator(".content")).ToHaveTextAsync("Message 1");

        // Deleting from an old message leaves those before it.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await messages.Nth(9).GetByRole(AriaRole.Button, new() { Name = "Delete from here" }).ClickAsync();
        await Expect(messages).ToHaveCountAsync(9);
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Message 9");
        await Expect(older).ToBeHiddenAsync();
    }

    [Fact]
    public async Task KeyboardFocusStaysOnTheActedOnMessagesControlOrFallsToTheComposer()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Kay");
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["First."]));
        await SendAsync(page, "Hi");
        var reply = page.Locator(".messages > .message.assistant").Last;
        await Expect(reply.Locator(".content")).ToHaveTextAsync("First.");

        await reply.GetByRole(AriaRole.Button, new() { Name = "Hide" }).PressAsync("Enter");
        await Expect(reply.GetByRole(AriaRole.Button, new() { Name = "Unhide" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(reply.GetByRole(AriaRole.Button, new() { Name = "Hide" })).ToBeFocusedAsync();

        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Second", "."], TimeSpan.FromMilliseconds(50)));
        await reply.GetByRole(AriaRole.Button, new() { Name = "New swipe" }).PressAsync("Enter");
        await Expect(reply.Locator(".swipe-count")).ToHaveTextAsync("2/2");
        await Expect(reply.GetByRole(AriaRole.Button, new() { Name = "New swipe" })).ToBeFocusedAsync();
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Third", "."], TimeSpan.FromMilliseconds(50)));
        await reply.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).PressAsync("Enter");
        await Expect(reply.Locator(".swipe-count")).ToHaveTextAsync("3/3");
        await Expect(reply.GetByRole(AriaRole.Button, new() { Name = "Regenerate" })).ToBeFocusedAsync();

        await reply.GetByRole(AriaRole.Button, new() { Name = "Edit" }).PressAsync("Enter");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Save" }).PressAsync("Enter");
        await Expect(reply.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeFocusedAsync();

        // Its message gone, the composer has it.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await reply.GetByRole(AriaRole.Button, new() { Name = "Delete from here" }).PressAsync("Enter");
        await Expect(page.Locator(".messages > .message.assistant")).ToHaveCountAsync(0);
        await Expect(page.GetByPlaceholder("Write a message")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task EachDropZoneIsOneTabStopThatShowsItsFocusAndOpensTheFilePickerOnEnterOrSpace()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        foreach (var (link, before) in new[] { ("Characters", "New character"), ("Personas", "New persona"), ("Lorebooks", "New lorebook"), ("Presets", "New preset") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            var zone = page.Locator(".drop");
            await page.GetByRole(before == "New character" ? AriaRole.Link : AriaRole.Button, new() { Name = before }).FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(zone.Locator("input[type=file]")).ToBeFocusedAsync();
            Assert.Equal("solid", await zone.EvaluateAsync<string>("zone => getComputedStyle(zone).outlineStyle"));
        }

        // The zone's Tab stop is a file input: Enter and Space open the picker. Each is closed with nothing chosen, as a
        // user cancels it: Chromium opens no second picker while one is open.
        foreach (var key in new[] { "Enter", " " })
        {
            var chooser = await page.RunAndWaitForFileChooserAsync(() => page.Keyboard.PressAsync(key));
            await chooser.SetFilesAsync(Array.Empty<string>());
        }
    }

    [Fact]
    public async Task LongUnbrokenNamesWrapSoNoListOrChatHeaderPageScrollsSideways()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        var longWord = string.Concat(Enumerable.Repeat("Supercalifragilistic", 8));
        await page.EvaluateAsync(
            """
            async word => {
              const post = (path, json, method = 'POST') => fetch(`/api/v1/${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
              await post('persona/create', { name: 'P' + word.slice(0, 60), description: word });
              await post('lorebook/create', { name: 'B' + word.slice(0, 60), description: word, entries: [] });
            }
            """,
            longWord);
        await OpenChatAsync(page, "Wide");
        await page.EvaluateAsync(
            "([id, title]) => fetch(`/api/v1/chat/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) })",
            new[] { ChatIdOf(page), "T" + longWord });
        var chat = page.Url;

        await page.SetViewportSizeAsync(1280, 800);
        foreach (var link in new[] { "Personas", "Lorebooks" })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(page.Locator(".item .grow").First).ToContainTextAsync(longWord);
            Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('.item .grow')].every(text => text.scrollWidth <= text.clientWidth)"), $"A description runs under the buttons on {link}.");
        }

        await page.SetViewportSizeAsync(390, 844);
        await page.GetByRole(AriaRole.Link, new() { Name = "Chats", Exact = true }).ClickAsync();
        await Expect(page.Locator(".item .grow").First).ToContainTextAsync(longWord);
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);
        await page.GotoAsync(chat);
        await page.GetByLabel("Persona", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "P" + longWord[..60] });
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Chat updated.");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);
    }

    [Fact]
    public async Task APersonaBackupImportedAgainSaysWhatTheApiSaysNamingTheSkippedAndOnePastTheLimitSaysWhy()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Personas" }).ClickAsync();
        var backup = Encoding.UTF8.GetBytes("""{"personas": {"1-Ann.png": "Ann", "2-Bo.png": "Bo"}, "persona_descriptions": {}}""");
        await DropFileAsync(page.Locator(".drop"), "personas_backup.json", "application/json", backup);
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Imported 2 persona(s).");
        await DropFileAsync(page.Locator(".drop"), "personas_backup.json", "application/json", backup);
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Imported 0 persona(s). Skipped, as you have personas of those names: Ann, Bo.");

        var tooMany = JsonSerializer.Serialize(new { personas = Enumerable.Range(1, 1001).ToDictionary(n => $"{n}.png", n => $"P{n}"), persona_descriptions = new { } });
        await DropFileAsync(page.Locator(".drop"), "many.json", "application/json", Encoding.UTF8.GetBytes(tooMany));
        await Expect(page.Locator(".notice.error")).ToContainTextAsync("at most 1000");
    }

    [Fact]
    public async Task AnEmptiedAuthorsNoteDepthIsTheDefaultFourAndAnEmptiedNoteTextKeepsItsSettings()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await OpenChatAsync(page, "Depth");
        await page.GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await Expect(page.GetByLabel("Author's note")).Not.ToHaveAttributeAsync("placeholder", new Regex("every turn"));
        await page.GetByLabel("Author's note").FillAsync("Be brief.");
        await page.GetByLabel("Depth (messages from the end)").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Chat updated.");
        var note = (await ApiAsync(page, $"chat/{ChatIdOf(page)}")).GetProperty("data").GetProperty("author_note");
        Assert.Equal(("Be brief.", 4), (note.GetProperty("text").GetString(), note.GetProperty("depth").GetInt32()));

        // Emptied, the text goes as empty with its settings (the server keeps them), not as no note at all.
        await page.GetByLabel("Where it goes").SelectOptionAsync("before_main");
        await page.GetByLabel("Author's note").FillAsync("");
        var patched = page.WaitForRequestAsync(request => request.Method == "PATCH" && request.Url.EndsWith($"/chat/{ChatIdOf(page)}", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        var sent = JsonDocument.Parse((await patched).PostData!).RootElement.GetProperty("author_note");
        Assert.Equal(JsonValueKind.Object, sent.ValueKind);
        Assert.Equal(("", "before_main", 4), (sent.GetProperty("text").GetString(), sent.GetProperty("position").GetString(), sent.GetProperty("depth").GetInt32()));
    }

    [Fact]
    public async Task OnAPhoneABigListNumberFitsInItsListsIndent()
    {
        var page = await app.OpenAppAsync();
        await page.SetViewportSizeAsync(390, 844);
        await SignUpAsync(page);
        await OpenChatAsync(page, "Numbers");
        await SendAsync(page, "/sys 123456. A big number");
        var list = page.Locator(".messages > .message.narrator .content ol");
        await Expect(list.Locator("li")).ToHaveTextAsync("A big number");

        var fits = await list.EvaluateAsync<bool>(
            """
            list => {
              const marker = document.createElement('span');
              marker.textContent = '123456. ';
              list.firstElementChild.append(marker);
              const width = marker.getBoundingClientRect().width;
              marker.remove();
              return parseFloat(getComputedStyle(list).paddingInlineStart) >= width;
            }
            """);
        Assert.True(fits, "The list's number is wider than its indent.");
    }

    [Fact]
    public async Task ASearchFromTheChatListFindsAMessageAndOpensItsChatAtItReadingTheMessagesAroundItInOneRequest()
    {
        var page = await app.OpenAppAsync();
        // Message 3 of 1,030: the chat opens on the newest 200, five pages of 200 after it.
        var chatId = await ImportKeeperChatAsync(page, "The key is under the <b>marmalade</b> jar.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Chats", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search your messages" }).FillAsync("MARMALADE jar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        var found = page.GetByRole(AriaRole.List, new() { Name = "Messages found" }).GetByRole(AriaRole.Link);
        await Expect(found).ToHaveCountAsync(1);
        // The API's snippet is escaped HTML: its marks show as marks, the message's own markup as the text it is.
        await Expect(found.Locator("mark")).ToHaveTextAsync(new[] { "marmalade", "jar" });
        await Expect(found.Locator(".snippet")).ToHaveTextAsync("The key is under the <b>marmalade</b> jar.");
        await Expect(found.Locator("b")).ToHaveCountAsync(0);

        var pagesRead = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains($"/chat/{chatId}/messages?", StringComparison.Ordinal))
            {
                pagesRead.Add(request.Url);
            }
        };
        await found.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/chat/{chatId}/message/[0-9a-f-]+$"));
        var shown = page.Locator(".messages > .message.found");
        await Expect(shown.Locator(".content")).ToHaveTextAsync("The key is under the <b>marmalade</b> jar.");
        await Expect(shown).ToBeInViewportAsync();
        // The newest page, then the one around the message: not every page between.
        Assert.Equal(2, pagesRead.Count);
        var messages = page.Locator(".messages > .message");
        await Expect(messages).ToHaveCountAsync(200);
        await Expect(messages.First.Locator(".content")).ToHaveTextAsync("Message 1");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" })).ToBeHiddenAsync();

        // Short of the chat's end, its last message shown offers no reply; the messages after it load below.
        await Expect(page.Locator(".messages [data-action=regenerate]")).ToHaveCountAsync(0);
        var newer = page.GetByRole(AriaRole.Button, new() { Name = "Load newer messages" });
        await newer.ClickAsync();
        await Expect(messages).ToHaveCountAsync(400);
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Message 400");

        // A message sent from there goes at the chat's end, shown with its reply.
        app.Server.ModelServer.Enqueue(ModelScript.Stream(["Found it."], TimeSpan.FromMilliseconds(20)));
        await SendAsync(page, "Thanks");
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Found it.");
        await Expect(messages).ToHaveCountAsync(200);
        await Expect(messages.Nth(198).Locator(".content")).ToHaveTextAsync("Thanks");
        await Expect(newer).ToBeHiddenAsync();

        // Emptying the search shows the chats again.
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search your messages" }).FillAsync("");
        await Expect(page.Locator(".chat-row")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task AChatOpenedAtAnEarlyMessageReadsAgainOnlyTheMessagesShownWhenOneOfThemChanges()
    {
        var page = await app.OpenAppAsync();
        var chatId = await ImportKeeperChatAsync(page, "The key is under the marmalade jar.");
        var hit = (await ApiAsync(page, "chat/search?q=marmalade")).GetProperty("data")[0].GetProperty("id").GetString();
        var pagesRead = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains($"/chat/{chatId}/messages?", StringComparison.Ordinal))
            {
                pagesRead.Add(request.Url);
            }
        };
        await page.EvaluateAsync("hash => { location.hash = hash; }", $"#/chat/{chatId}/message/{hit}");
        var messages = page.Locator(".messages > .message");
        await Expect(page.Locator(".messages > .message.found")).ToBeInViewportAsync();
        await Expect(messages).ToHaveCountAsync(200);
        var newer = page.GetByRole(AriaRole.Button, new() { Name = "Load newer messages" });
        var older = page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" });

        // A message hidden there: the 200 shown are read again, in one request (the whole chat took six), and stay in place.
        pagesRead.Clear();
        var fifth = messages.Nth(4);
        var was = (await fifth.BoundingBoxAsync())!.Y;
        await fifth.GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
        await Expect(fifth).ToContainTextAsync("Hidden from the model");
        await Expect(messages).ToHaveCountAsync(200);
        Assert.Single(pagesRead);
        await Expect(messages.First.Locator(".content")).ToHaveTextAsync("Message 1");
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Message 200");
        var now = (await fifth.BoundingBoxAsync())!.Y;
        Assert.True(Math.Abs(now - was) <= 2, $"The hidden message moved from {was} to {now}.");
        await Expect(newer).ToBeVisibleAsync();
        await Expect(older).ToBeHiddenAsync();
        await Expect(page.Locator(".messages [data-action=regenerate]")).ToHaveCountAsync(0);

        // With the page after it shown too (the message that was last staying where it was on the screen), an edit reads
        // those 400 again (two pages), and the messages after them still load.
        await newer.ScrollIntoViewIfNeededAsync();
        var lastShown = messages.Filter(new() { HasText = "Message 200" });
        var above = (await lastShown.BoundingBoxAsync())!.Y;
        await newer.ClickAsync();
        await Expect(messages).ToHaveCountAsync(400);
        var below = (await lastShown.BoundingBoxAsync())!.Y;
        Assert.True(Math.Abs(below - above) <= 2, $"Message 200 moved from {above} to {below}.");
        pagesRead.Clear();
        var edited = messages.Nth(299);
        await edited.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await edited.GetByLabel("Message text").FillAsync("Message 300, edited");
        await edited.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(edited.Locator(".content")).ToHaveTextAsync("Message 300, edited");
        await Expect(messages).ToHaveCountAsync(400);
        Assert.Equal(2, pagesRead.Count);
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Message 400");
        await newer.ClickAsync();
        await Expect(messages).ToHaveCountAsync(600);
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Message 600");

        // Deleting from a message shown there makes it the chat's end: its last message offers a reply again.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await messages.Nth(499).GetByRole(AriaRole.Button, new() { Name = "Delete from here" }).ClickAsync();
        await Expect(messages).ToHaveCountAsync(499);
        await Expect(messages.Last.Locator(".content")).ToHaveTextAsync("Message 499");
        await Expect(newer).ToBeHiddenAsync();
        await Expect(messages.Last.GetByRole(AriaRole.Button, new() { Name = "Generate reply" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AMessageSentFromFarBackThatCannotReachTheChatsEndKeepsTheMessagesShown()
    {
        var page = await app.OpenAppAsync();
        var chatId = await ImportKeeperChatAsync(page, "The key is under the marmalade jar.");
        var hit = (await ApiAsync(page, "chat/search?q=marmalade")).GetProperty("data")[0].GetProperty("id").GetString();
        await page.EvaluateAsync("hash => { location.hash = hash; }", $"#/chat/{chatId}/message/{hit}");
        var messages = page.Locator(".messages > .message");
        await Expect(messages).ToHaveCountAsync(200);
        await page.GetByRole(AriaRole.Button, new() { Name = "Load newer messages" }).ClickAsync();
        await Expect(messages).ToHaveCountAsync(400);

        // A send goes to the chat's end first; that read fails once, so nothing is sent and the 400 stay.
        await page.RouteAsync(new Regex($"/chat/{chatId}/messages\\?limit=200$"), route => route.FulfillAsync(new() { Status = 503 }), new() { Times = 1 });
        var composer = page.GetByPlaceholder("Write a message");
        await composer.FillAsync("Are you there?");
        await composer.PressAsync("Enter");
        await Expect(page.Locator(".notice.error")).ToBeVisibleAsync();
        await Expect(composer).ToHaveValueAsync("Are you there?");

        // A change then reads the window shown again, from its first message: still 400, where it was read as 200.
        await messages.Nth(4).GetByRole(AriaRole.Button, new() { Name = "Hide" }).ClickAsync();
        await Expect(messages.Nth(4)).ToContainTextAsync("Hidden from the model");
        await Expect(messages).ToHaveCountAsync(400);
        await Expect(messages.First.Locator(".content")).ToHaveTextAsync("Message 1");
    }

    [Fact]
    public async Task AnAnswerComingAfterTheQueryChangedIsDroppedSoTheListShownIsTheNewerOne()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        var chatId = await NewChatAsync(page, await CreateCharacterAsync(page, "Archivist"), "Archive");
        await page.EvaluateAsync(
            """
            async id => {
              for (const content of ['The alpha key.', 'The beta key.']) {
                await fetch(`/api/v1/chat/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'user', content }) });
              }
            }
            """,
            chatId);
        // Signing up opened the chat list, empty then: it shows the chat made since once read again.
        await page.ReloadAsync();
        var rows = page.Locator(".chat-row");
        await Expect(rows).ToHaveCountAsync(1);
        var query = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search your messages" });
        var found = page.GetByRole(AriaRole.List, new() { Name = "Messages found" }).GetByRole(AriaRole.Link);

        // A slow search, and the query emptied before it answers: the chats stay.
        var search = await HeldRequest.HoldAsync(page, "/chat/search?");
        await query.FillAsync("alpha");
        await query.PressAsync("Enter");
        await query.FillAsync("");
        await Expect(rows).ToHaveCountAsync(1);
        await search.ReleaseAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(found).ToHaveCountAsync(0);

        // The chats read slowly once the query is emptied, and another search made meanwhile: its messages stay.
        await query.FillAsync("alpha");
        await query.PressAsync("Enter");
        await Expect(found).ToHaveTextAsync(new Regex("alpha key"));
        var chats = await HeldRequest.HoldAsync(page, "/chat/list?");
        await query.FillAsync("");
        await query.FillAsync("beta");
        await query.PressAsync("Enter");
        await Expect(found).ToHaveTextAsync(new Regex("beta key"));
        await chats.ReleaseAsync();
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(found).ToHaveTextAsync(new Regex("beta key"));
    }

    [Fact]
    public async Task AStarredChatShowsUnderFavouritesAndAChatPutInANewFolderUnderThatFolderAsTheApiSays()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        var garden = await NewChatAsync(page, await CreateCharacterAsync(page, "Ivy", "Hello."), "Garden walk");
        var forest = await NewChatAsync(page, await CreateCharacterAsync(page, "Oak", "Hm."), "Forest walk");
        // Signing up opened the chat list, empty then: it shows the chats made since once read again.
        await page.ReloadAsync();
        var rows = page.Locator(".chat-row");
        await Expect(rows).ToHaveCountAsync(2);

        var star = page.GetByRole(AriaRole.Button, new() { Name = "Favourite Garden walk" });
        await Expect(star).ToHaveAttributeAsync("aria-pressed", "false");
        await star.ClickAsync();
        await Expect(star).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.True((await ApiAsync(page, $"chat/{garden}")).GetProperty("data").GetProperty("is_favorite").GetBoolean());
        var show = page.GetByLabel("Show", new() { Exact = true });
        await show.SelectOptionAsync(new SelectOptionValue { Label = "Favourites" });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Garden walk");

        await show.SelectOptionAsync(new SelectOptionValue { Label = "All chats" });
        await Expect(rows).ToHaveCountAsync(2);
        page.Dialog += (_, dialog) => dialog.AcceptAsync(" Walks ");
        var folder = page.GetByLabel("Folder of Forest walk");
        await folder.SelectOptionAsync(new SelectOptionValue { Label = "New folder…" });
        await Expect(folder).ToHaveValueAsync("Walks");
        Assert.Equal("Walks", (await ApiAsync(page, $"chat/{forest}")).GetProperty("data").GetProperty("folder").GetString());
        // The other row offers the new folder too.
        await Expect(page.GetByLabel("Folder of Garden walk").Locator("option", new() { HasText = "Walks" })).ToHaveCountAsync(1);
        await show.SelectOptionAsync(new SelectOptionValue { Label = "Walks (1)" });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Forest walk");

        // As stored: a reload shows the same.
        await page.ReloadAsync();
        await page.GetByLabel("Show", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Favourites" });
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Garden walk");
    }

    [Fact]
    public async Task ALikeCountsOnACardAndOnTheCharactersPageWhichShowsItsDescriptionCreatorTagsAndGreetingAndStartsAChat()
    {
        var author = await app.OpenAppAsync();
        await SignUpAsync(author);
        var creator = (await ApiAsync(author, "auth/me")).GetProperty("data").GetProperty("username").GetString();
        // Unique in the library, which every test's server user shares.
        var name = $"Lumen{Guid.NewGuid():N}"[..13];
        var id = await author.EvaluateAsync<string>(
            """
            async name => {
              const response = await fetch('/api/v1/character/create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
                name, visibility: 'public', tags: ['lighthouse'], public_description: 'Keeps the **light** burning.', personality: 'calm', greeting: 'Mind the stairs, they are steep.',
              }) });
              return (await response.json()).data.character_id;
            }
            """,
            name);

        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync(name);
        var card = page.Locator(".card.character", new() { HasText = name });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("0 chats");
        var like = card.GetByRole(AriaRole.Button, new() { Name = $"Like {name}" });
        await Expect(like).ToHaveTextAsync("♥ 0");
        await like.ClickAsync();
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(like).ToHaveTextAsync("♥ 1");
        Assert.Equal(1, (await ApiAsync(page, $"character/get/{id}")).GetProperty("data").GetProperty("like_count").GetInt32());

        // Its page: as its author presents it, and the like as it stands; taken back there, the card shows it too.
        await card.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();
        var about = page.GetByRole(AriaRole.Article, new() { Name = name });
        await Expect(about.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(about).ToContainTextAsync($"by {creator}");
        await Expect(about).ToContainTextAsync("lighthouse");
        await Expect(about.Locator(".description strong")).ToHaveTextAsync("light");
        await Expect(about.Locator(".greeting")).ToHaveTextAsync("Mind the stairs, they are steep.");
        var likeHere = about.GetByRole(AriaRole.Button, new() { Name = $"Like {name}" });
        await Expect(likeHere).ToHaveAttributeAsync("aria-pressed", "true");
        await likeHere.ClickAsync();
        await Expect(likeHere).ToHaveTextAsync("♥ 0");
        Assert.Equal(0, (await ApiAsync(page, $"character/get/{id}")).GetProperty("data").GetProperty("like_count").GetInt32());
        await page.GetByRole(AriaRole.Button, new() { Name = "← Library" }).ClickAsync();
        await Expect(like).ToHaveTextAsync("♥ 0");
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "false");

        // Chat opens a chat with it, which the library counts as soon as it is started.
        await card.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();
        await about.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).ClickAsync();
        await Expect(page.Locator(".messages > .message").First).ToContainTextAsync("Mind the stairs");
        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync(name);
        await Expect(card).ToContainTextAsync("1 chat");
    }

    [Fact]
    public async Task TheLibraryShowsWhichCharactersILikeAsItsListingSaysWithoutReadingMyLikes()
    {
        var author = await app.OpenAppAsync();
        await SignUpAsync(author);
        // Unique in the library, which every test's server user shares.
        var name = $"Moth{Guid.NewGuid():N}"[..12];
        var ids = await author.EvaluateAsync<string[]>(
            """
            async name => Promise.all([`${name} Liked`, `${name} Not`].map(async each => {
              const response = await fetch('/api/v1/character/create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: each, visibility: 'public' }) });
              return (await response.json()).data.character_id;
            }))
            """,
            name);
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        await page.EvaluateAsync("async id => { await fetch(`/api/v1/character/${id}/like`, { method: 'PUT' }); }", ids[0]);
        var likesRead = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/character/liked", StringComparison.Ordinal))
            {
                likesRead++;
            }
        };

        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync(name);

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Like {name} Liked" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Like {name} Not" })).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.Equal(0, likesRead);
    }

    [Fact]
    public async Task ASlowLibrarySearchAnsweringAfterANewerOneIsDropped()
    {
        var page = await app.OpenAppAsync();
        await SignUpAsync(page);
        // Unique in the library, which every test's server user shares.
        var names = new[] { $"Wren{Guid.NewGuid():N}"[..12], $"Lark{Guid.NewGuid():N}"[..12] };
        await page.EvaluateAsync(
            """
            names => Promise.all(names.map(name =>
              fetch('/api/v1/character/create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, visibility: 'public' }) })))
            """,
            names);
        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" });
        var cards = page.Locator(".card.character");

        var slow = await HeldRequest.HoldAsync(page, $"q={names[0]}");
        await search.FillAsync(names[0]);
        await slow.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        await search.FillAsync(names[1]);
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards).ToContainTextAsync(names[1]);
        await slow.ReleaseAsync();

        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards).ToContainTextAsync(names[1]);
    }

    [Fact]
    public async Task OnAPhoneAChatRowGivesItsTitleTheRowAndTheChatHeaderShowsThePersonasName()
    {
        var page = await app.OpenAppAsync();
        await page.SetViewportSizeAsync(390, 844);
        await SignUpAsync(page);
        await page.EvaluateAsync("() => fetch('/api/v1/persona/create', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Captain Rowena' }) })");
        var chat = await NewChatAsync(page, await CreateCharacterAsync(page, "Alice", "Hello."), "Tea with Alice");
        await page.ReloadAsync();

        var row = page.Locator(".list > .item");
        var widths = await row.EvaluateAsync<double[]>(
            """
            row => {
              const title = row.querySelector('.grow strong');
              const lineHeight = parseFloat(getComputedStyle(title).lineHeight);
              return [row.getBoundingClientRect().width, row.querySelector('.grow').getBoundingClientRect().width, Math.round(title.getBoundingClientRect().height / lineHeight)];
            }
            """);
        Assert.True(widths[1] >= widths[0] * 0.7, $"The title has {widths[1]} of the row's {widths[0]} px.");
        Assert.Equal(1, widths[2]);
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390);

        await page.GotoAsync($"/#/chat/{chat}");
        var persona = page.GetByLabel("Persona", new() { Exact = true });
        await persona.SelectOptionAsync(new SelectOptionValue { Label = "Captain Rowena" });
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Chat updated.");
        // Wide enough for the name it shows, beside its chevron.
        var fits = await persona.EvaluateAsync<bool>(
            """
            select => {
              const text = document.createElement('span');
              text.style.font = getComputedStyle(select).font;
              text.textContent = select.selectedOptions[0].textContent;
              document.body.append(text);
              const width = text.getBoundingClientRect().width;
              text.remove();
              return select.clientWidth >= width + 24;
            }
            """);
        Assert.True(fits, "The persona select is too narrow for its persona's name.");
    }

    /// <summary>A message's reasoning: folded under "Thinking", above its text, saying <paramref name="reasoning"/>.</summary>
    private static async Task ExpectFoldedThoughtsAsync(ILocator message, string reasoning)
    {
        var thoughts = message.Locator("details.reasoning");
        await Expect(thoughts.Locator("summary")).ToHaveTextAsync("Thinking");
        await Expect(thoughts).ToHaveJSPropertyAsync("open", false);
        await Expect(thoughts.Locator(".reasoning-text")).ToBeHiddenAsync();
        await Expect(thoughts.Locator(".reasoning-text")).ToHaveTextAsync(reasoning);
        await Expect(message.Locator(".content")).Not.ToContainTextAsync(reasoning);
        Assert.True(await thoughts.EvaluateAsync<bool>("thoughts => !!(thoughts.compareDocumentPosition(thoughts.parentElement.querySelector('.content')) & Node.DOCUMENT_POSITION_FOLLOWING)"));
    }

    /// <summary>A new character's new chat, opened from the characters page.</summary>
    private static async Task OpenChatAsync(IPage page, string character, string? greeting = null)
    {
        await CreateCharacterAsync(page, character, greeting);
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chat", Exact = true }).ClickAsync();
        // The composer is focused once the chat's messages are loaded: a message sent before would be drawn over by them.
        await Expect(page.GetByPlaceholder("Write a message")).ToBeFocusedAsync();
    }

    /// <summary>Signs up a new user (password <see cref="TestUser.DefaultPassword"/>); their email.</summary>
    private static async Task<string> SignUpAsync(IPage page)
    {
        var email = $"web-{Guid.NewGuid():N}@example.com";
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestUser.DefaultPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToBeVisibleAsync();
        return email;
    }

    /// <summary>A character of the signed-in user, made with the API as the page's session; its id.</summary>
    private static async Task<string> CreateCharacterAsync(IPage page, string name, string? greeting = null) =>
        (await page.EvaluateAsync<string>(
            """
            async ([name, greeting]) => {
              const response = await fetch('/api/v1/character/create', {
                method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, personality: `${name} is here.`, greeting }),
              });
              if (!response.ok) throw new Error(await response.text());
              return (await response.json()).data.character_id;
            }
            """,
            new object?[] { name, greeting }))!;

    /// <summary>
    /// Double-clicks a button that sends POST /api/v1/{path}, and waits for the answers to every such request it sent: what
    /// it made is then in the lists.
    /// </summary>
    private static async Task DoubleClickAsync(ILocator button, string path)
    {
        var sent = new List<IRequest>();
        void Record(object? sender, IRequest request)
        {
            if (request.Method == "POST" && request.Url.EndsWith($"/api/v1/{path}", StringComparison.Ordinal))
            {
                sent.Add(request);
            }
        }

        button.Page.Request += Record;
        await button.Page.RunAndWaitForResponseAsync(() => button.DblClickAsync(), response => response.Url.EndsWith($"/api/v1/{path}", StringComparison.Ordinal));
        button.Page.Request -= Record;
        foreach (var request in sent)
        {
            await request.ResponseAsync();
        }
    }

    /// <summary>A chat with the character, titled, made with the API as the page's session; its id.</summary>
    private static async Task<string> NewChatAsync(IPage page, string characterId, string title) =>
        (await page.EvaluateAsync<string>(
            """
            async ([character_id, title]) => {
              const post = async (path, json, method = 'POST') => (await fetch(`/api/v1/${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) })).json();
              const id = (await post('chat/new', { character_id })).newChatID;
              await post(`chat/${id}`, { title }, 'PATCH');
              return id;
            }
            """,
            new object[] { characterId, title }))!;

    /// <summary>GET /api/v1/{path} as the page's session.</summary>
    private static async Task<JsonElement> ApiAsync(IPage page, string path) =>
        (await page.EvaluateAsync("async path => (await fetch(`/api/v1/${path}`)).json()", path))!.Value;

    /// <summary>Signs up and imports a chat of 1,030 messages with Keeper, message 3 saying <paramref name="third"/>; its id.</summary>
    private static async Task<string> ImportKeeperChatAsync(IPage page, string third)
    {
        await SignUpAsync(page);
        await CreateCharacterAsync(page, "Keeper");
        await page.GetByRole(AriaRole.Link, new() { Name = "Characters" }).ClickAsync();
        var lines = Enumerable.Range(1, 1030).Select(n =>
            $$"""{"name":"{{(n % 2 == 1 ? "Traveller" : "Keeper")}}","is_user":{{(n % 2 == 1 ? "true" : "false")}},"is_system":false,"send_date":"December 1, 2026 10:58pm","mes":"{{(n == 3 ? third : $"Message {n}")}}"}""");
        await page.GetByLabel("Import .jsonl").SetInputFilesAsync(Jsonl("keeper.jsonl", ["""{"user_name":"Traveller","character_name":"Keeper","chat_metadata":{}}""", .. lines]));
        await Expect(page.GetByPlaceholder("Write a message")).ToBeFocusedAsync();
        return ChatIdOf(page);
    }

    private static string ChatIdOf(IPage page) => Regex.Match(page.Url, "#/chat/([0-9a-f-]+)$").Groups[1].Value;

    private static FilePayload Jsonl(string name, params string[] lines) =>
        new() { Name = name, MimeType = "application/jsonl", Buffer = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n") };

    private static async Task SendAsync(IPage page, string text)
    {
        await page.GetByPlaceholder("Write a message").FillAsync(text);
        await page.GetByPlaceholder("Write a message").PressAsync("Enter");
    }

    /// <summary>Drops a file on an element the way a desktop browser does (a drop event carrying a DataTransfer).</summary>
    private static async Task DropFileAsync(ILocator target, string name, string type, byte[] content)
    {
        var transfer = await target.Page.EvaluateHandleAsync(
            """
            ([name, type, base64]) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type }));
              return transfer;
            }
            """,
            new object[] { name, type, Convert.ToBase64String(content) });
        await target.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
    }

    private static byte[] RealCard(string file)
    {
        using var resource = typeof(WebAppTests).Assembly.GetManifestResourceStream($"RealCards/{file}")!;
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }
}
