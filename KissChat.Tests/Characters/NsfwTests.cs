using System.Net;
using System.Text.Json;
using KissChat.Tests.Infrastructure;
using static KissChat.Tests.Characters.LibraryApi;

namespace KissChat.Tests.Characters;

/// <summary>
/// NSFW characters appear only to accounts that turned show_nsfw on and are adults, in every place a character can
/// appear: the library, its search and tags, creator pages, likes, direct gets and new chats. Never to visitors.
/// </summary>
public abstract class NsfwTests(KissChatServer server)
{
    [Fact]
    public async Task AnNsfwCharacterAppearsOnlyToAdultsWhoOptedIn()
    {
        var author = await TestUser.SignUpAsync(server);
        var creator = await NameAsync(author, UniqueWord());
        var tag = UniqueWord();
        var nsfwTag = UniqueWord();
        var spicy = await CharacterApi.CreateIdAsync(author, new { name = $"Spicy {tag}", tags = new[] { tag, nsfwTag }, visibility = "public", nsfw = true });
        await CharacterApi.CreateAsync(author, new { name = $"Mild {tag}", tags = new[] { tag }, visibility = "public" });
        var abstaining = await TestUser.SignUpAsync(server);
        var adult = await TestUser.SignUpAsync(server);
        await OptIntoNsfwAsync(adult);
        await (await LikeAsync(adult, spicy)).AssertOkJsonAsync();
        await (await LikeAsync(author, spicy)).AssertOkJsonAsync();

        var visitor = await PlacesAsync(server.CreateClient(), tag, nsfwTag, creator);
        var refused = await PlacesAsync(abstaining.Client, tag, nsfwTag, creator);
        var shown = await PlacesAsync(adult.Client, tag, nsfwTag, creator);

        var (mild, both) = ($"Mild {tag}", $"Mild {tag}, Spicy {tag}");
        Assert.Equal(new Places(mild, mild, 0, mild), visitor);
        Assert.Equal(visitor, refused);
        Assert.Equal(new Places(both, both, 1, both), shown);
        await (await abstaining.Client.GetAsync($"/api/v1/character/get/{spicy}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await CharacterApi.NewChatAsync(abstaining, spicy)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await LikeAsync(abstaining, spicy)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.True((await CharacterApi.GetAsync(adult, spicy)).GetProperty("nsfw").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, (await CharacterApi.NewChatAsync(adult, spicy)).StatusCode);
        Assert.True((await CharacterApi.GetAsync(author, spicy)).GetProperty("nsfw").GetBoolean());
        Assert.Equal([$"Spicy {tag}"], await NamesAsync(adult.Client, "/api/v1/character/liked"));
        Assert.Equal([$"Spicy {tag}"], await NamesAsync(author.Client, "/api/v1/character/liked"));
    }

    [Fact]
    public async Task TurningShowNsfwOffHidesNsfwCharactersAgainEvenOnesYouLiked()
    {
        var author = await TestUser.SignUpAsync(server);
        var tag = UniqueWord();
        var spicy = await CharacterApi.CreateIdAsync(author, new { name = "Spicy", tags = new[] { tag }, visibility = "public", nsfw = true });
        var reader = await TestUser.SignUpAsync(server);
        await OptIntoNsfwAsync(reader);
        await (await LikeAsync(reader, spicy)).AssertOkJsonAsync();

        await (await UpdateProfileAsync(reader, new { show_nsfw = false })).AssertOkJsonAsync();

        Assert.Empty(await NamesAsync(reader.Client, $"{Library}?tag={tag}"));
        Assert.Empty(await NamesAsync(reader.Client, "/api/v1/character/liked"));
        await (await reader.Client.GetAsync($"/api/v1/character/get/{spicy}")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ShowNsfwNeedsABirthDateEighteenYearsAgoOrAnAdultConfirmation()
    {
        var minor = await TestUser.SignUpAsync(server);
        var born = await TestUser.SignUpAsync(server);
        var confirmed = await TestUser.SignUpAsync(server);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var unconfirmed = await UpdateProfileAsync(minor, new { show_nsfw = true });
        var young = await UpdateProfileAsync(minor, new { show_nsfw = true, birth_date = today.AddYears(-17).ToString("yyyy-MM-dd") });
        var youngButConfirming = await UpdateProfileAsync(minor, new { show_nsfw = true, confirm_adult = true, birth_date = today.AddYears(-16).ToString("yyyy-MM-dd") });
        var grown = await UpdateProfileAsync(born, new { show_nsfw = true, birth_date = today.AddYears(-30).ToString("yyyy-MM-dd") });
        var confirming = await UpdateProfileAsync(confirmed, new { show_nsfw = true, confirm_adult = true });

        foreach (var refused in new[] { unconfirmed, young, youngButConfirming })
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("show_nsfw", out _), problem.ToString());
        }

        var me = await MeAsync(minor);
        Assert.False(me.GetProperty("show_nsfw").GetBoolean());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("birth_date").ValueKind);
        Assert.True((await grown.AssertOkJsonAsync()).GetProperty("data").GetProperty("sees_nsfw").GetBoolean());
        var adult = (await confirming.AssertOkJsonAsync()).GetProperty("data");
        Assert.True(adult.GetProperty("sees_nsfw").GetBoolean());
        Assert.Equal(JsonValueKind.String, adult.GetProperty("adult_confirmed_at").ValueKind);
    }

    [Fact]
    public async Task AnAuthorCanMarkTheirCharacterNsfwLaterAndItLeavesTheLibraryForOthers()
    {
        var author = await TestUser.SignUpAsync(server);
        var tag = UniqueWord();
        var id = await CharacterApi.CreateIdAsync(author, new { name = "Turning", tags = new[] { tag }, visibility = "public" });
        Assert.Equal(["Turning"], await NamesAsync(server.CreateClient(), $"{Library}?tag={tag}"));

        await (await CharacterApi.PatchAsync(author, id, """{"nsfw": true}""")).AssertOkJsonAsync();

        Assert.Empty(await NamesAsync(server.CreateClient(), $"{Library}?tag={tag}"));
        Assert.True((await CharacterApi.GetAsync(author, id)).GetProperty("nsfw").GetBoolean());
    }

    private static async Task<JsonElement> MeAsync(TestUser user) =>
        (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data");

    /// <summary>
    /// Where a character shows up, newest first: the library by tag, a search, the count of an NSFW-only tag, a
    /// creator page.
    /// </summary>
    private static async Task<Places> PlacesAsync(HttpClient client, string tag, string nsfwTag, string creator) =>
        new(
            string.Join(", ", await NamesAsync(client, $"{Library}?tag={tag}&sort=newest")),
            string.Join(", ", await NamesAsync(client, $"{Library}?q={tag}&sort=newest")),
            (await TagsAsync(client)).GetValueOrDefault(nsfwTag),
            string.Join(", ", CharacterNames(await CreatorPageAsync(client, creator))));

    private sealed record Places(string Library, string Search, int NsfwTagCount, string CreatorPage);
}

public sealed class NsfwTestsOnSqlite(SqliteServer server) : NsfwTests(server), IClassFixture<SqliteServer>;

public sealed class NsfwTestsOnPostgres(PostgresServer server) : NsfwTests(server), IClassFixture<PostgresServer>;
