using System.Net;
using System.Text.Json;
using KissChat.Tests.Infrastructure;
using static KissChat.Tests.Characters.LibraryApi;

namespace KissChat.Tests.Characters;

/// <summary>Likes, unique usernames and creator pages.</summary>
public abstract class LikesAndCreatorsTests(KissChatServer server)
{
    [Fact]
    public async Task LikingIsIdempotentCountedAndListedLatestFirst()
    {
        var author = await TestUser.SignUpAsync(server);
        var fan = await TestUser.SignUpAsync(server);
        var first = await CharacterApi.CreateIdAsync(author, new { name = "First", visibility = "public" });
        var second = await CharacterApi.CreateIdAsync(author, new { name = "Second", visibility = "public" });

        var liked = await (await LikeAsync(fan, first)).AssertOkJsonAsync();
        var again = await (await LikeAsync(fan, first)).AssertOkJsonAsync();
        await (await LikeAsync(fan, second)).AssertOkJsonAsync();
        var list = await CharacterApi.AllPagesAsync(fan, "/api/v1/character/liked?limit=1");
        var unliked = await (await UnlikeAsync(fan, second)).AssertOkJsonAsync();
        var unlikedAgain = await (await UnlikeAsync(fan, second)).AssertOkJsonAsync();

        Assert.Equal((true, 1), LikeState(liked));
        Assert.Equal((true, 1), LikeState(again));
        Assert.Equal([["Second"], ["First"]], list.Select(CharacterApi.Names));
        Assert.Equal((false, 0), LikeState(unliked));
        Assert.Equal((false, 0), LikeState(unlikedAgain));
        Assert.Equal(["First"], await NamesAsync(fan.Client, "/api/v1/character/liked"));
        Assert.Equal(1, (await CharacterApi.GetAsync(author, first)).GetProperty("like_count").GetInt32());
    }

    [Fact]
    public async Task EveryListingSaysWhetherTheSignedInCallerLikesEachCharacterAndTellsAVisitorNothing()
    {
        var author = await TestUser.SignUpAsync(server);
        var fan = await TestUser.SignUpAsync(server);
        var username = await NameAsync(author, UniqueWord());
        var liked = await CharacterApi.CreateIdAsync(author, new { name = "Liked One", visibility = "public" });
        await CharacterApi.CreateIdAsync(author, new { name = "Passed Over", visibility = "public" });
        await (await LikeAsync(fan, liked)).AssertOkJsonAsync();
        var library = $"/api/v1/character/public?q={username}&sort=newest";

        var fansLibrary = await (await fan.Client.GetAsync(library)).AssertOkJsonAsync();
        var visitorsLibrary = await (await server.CreateClient().GetAsync(library)).AssertOkJsonAsync();
        var fansCreatorPage = await CreatorPageAsync(fan.Client, username);
        var authorsCreatorPage = await CreatorPageAsync(author.Client, username);
        var fansLikes = await (await fan.Client.GetAsync("/api/v1/character/liked")).AssertOkJsonAsync();

        Assert.Equal<(string, bool?)>([("Passed Over", false), ("Liked One", true)], LikedByName(fansLibrary.GetProperty("data")));
        Assert.Equal<(string, bool?)>([("Passed Over", null), ("Liked One", null)], LikedByName(visitorsLibrary.GetProperty("data")));
        Assert.Equal<(string, bool?)>([("Passed Over", false), ("Liked One", true)], LikedByName(fansCreatorPage.GetProperty("characters")));
        Assert.Equal<(string, bool?)>([("Passed Over", false), ("Liked One", false)], LikedByName(authorsCreatorPage.GetProperty("characters")));
        Assert.Equal<(string, bool?)>([("Liked One", true)], LikedByName(fansLikes.GetProperty("data")));
    }

    /// <summary>
    /// A listing's like and count agree however a like or unlike falls beside it: read in two statements, an unlike
    /// committed between them showed one like with the like not pressed (the web app drew exactly that).
    /// </summary>
    [Fact]
    public async Task AListingsLikeAndLikeCountAgreeWhileTheLikeIsToggled()
    {
        var author = await TestUser.SignUpAsync(server);
        var fan = await TestUser.SignUpAsync(server);
        var name = UniqueWord();
        var id = await CharacterApi.CreateIdAsync(author, new { name, visibility = "public" });
        using var toggling = new CancellationTokenSource();
        var toggle = Task.Run(async () =>
        {
            while (!toggling.IsCancellationRequested)
            {
                await (await LikeAsync(fan, id)).AssertOkJsonAsync();
                await (await UnlikeAsync(fan, id)).AssertOkJsonAsync();
            }
        });

        var seen = new HashSet<(bool?, int)>();
        for (var read = 0; read < 300; read++)
        {
            var card = (await (await fan.Client.GetAsync($"{Library}?q={name}")).AssertOkJsonAsync()).GetProperty("data")[0];
            seen.Add((card.GetProperty("liked").GetBoolean(), card.GetProperty("like_count").GetInt32()));
        }

        await toggling.CancelAsync();
        await toggle;
        Assert.Subset(new HashSet<(bool?, int)> { (true, 1), (false, 0) }, seen);
    }

    [Fact]
    public async Task LikesAtTheSameMomentAreAllCounted()
    {
        var author = await TestUser.SignUpAsync(server);
        var id = await CharacterApi.CreateIdAsync(author, new { name = "Crowd Pleaser", visibility = "public" });
        var fans = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TestUser.SignUpAsync(server)));

        var likes = await Task.WhenAll(fans.SelectMany(fan => new[] { LikeAsync(fan, id), LikeAsync(fan, id) }));

        Assert.All(likes, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(8, (await CharacterApi.GetAsync(author, id)).GetProperty("like_count").GetInt32());
    }

    [Fact]
    public async Task ACharacterYouMayNotSeeCannotBeLikedOrReported()
    {
        var author = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var secret = await CharacterApi.CreateIdAsync(author, new { name = "Secret" });
        var gone = Guid.CreateVersion7();

        await (await LikeAsync(stranger, secret)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await UnlikeAsync(stranger, secret)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ReportAsync(stranger, secret)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await LikeAsync(stranger, gone)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ReportAsync(stranger, gone)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await CharacterApi.GetAsync(author, secret)).GetProperty("like_count").GetInt32());
    }

    [Fact]
    public async Task UsernamesAreUniqueIgnoringCase()
    {
        var first = await TestUser.SignUpAsync(server);
        var second = await TestUser.SignUpAsync(server);
        var name = UniqueWord();
        await NameAsync(first, name);

        var taken = await UpdateProfileAsync(second, new { username = name.ToUpperInvariant() });
        var sameAgain = await UpdateProfileAsync(first, new { username = name.ToUpperInvariant() });
        var strange = await UpdateProfileAsync(second, new { username = "no/slashes" });

        Assert.Contains(name.ToUpperInvariant(), (await taken.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(name.ToUpperInvariant(), (await sameAgain.AssertOkJsonAsync()).GetProperty("data").GetProperty("username").GetString());
        var problem = await strange.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _), problem.ToString());
    }

    [Fact]
    public async Task NewAccountsWhoseEmailsShareALocalPartGetDifferentUsernames()
    {
        var local = UniqueWord();
        var first = await TestUser.SignUpAsync(server, $"{local}@one.example.com");
        var second = await TestUser.SignUpAsync(server, $"{local}@two.example.com");

        var names = new[] { await UsernameAsync(first), await UsernameAsync(second) };

        Assert.Equal(local, names[0]);
        Assert.StartsWith($"{local}-", names[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACreatorPageShowsTheProfileAndPublicCharactersToVisitors()
    {
        var creator = await TestUser.SignUpAsync(server);
        var name = await NameAsync(creator, UniqueWord());
        await (await UpdateProfileAsync(creator, new { bio = "I write innkeepers." })).AssertOkJsonAsync();
        await CharacterApi.CreateAsync(creator, new { name = "Older", visibility = "public" });
        await CharacterApi.CreateAsync(creator, new { name = "Newer", visibility = "public" });
        await CharacterApi.CreateAsync(creator, new { name = "Private" });

        var page = await CreatorPageAsync(server.CreateClient(), name.ToUpperInvariant());
        var unknown = await server.CreateClient().GetAsync($"/api/v1/user/{UniqueWord()}/public");

        var profile = page.GetProperty("profile");
        Assert.Equal((creator.Id, name, "I write innkeepers."), (profile.GetProperty("user_id").GetGuid(), profile.GetProperty("username").GetString(), profile.GetProperty("bio").GetString()));
        Assert.False(profile.TryGetProperty("email", out _), profile.ToString());
        Assert.Equal(["Newer", "Older"], CharacterNames(page));
        Assert.DoesNotContain(creator.Email, page.GetRawText(), StringComparison.Ordinal);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnExportedCardNamesItsAuthorsUsernameAsCreator()
    {
        var author = await TestUser.SignUpAsync(server);
        var name = await NameAsync(author, UniqueWord());
        var id = await CharacterApi.CreateIdAsync(author, new { name = "Carded" });

        var card = await (await author.Client.GetAsync($"/api/v1/character/export/{id}")).AssertOkJsonAsync();

        Assert.Equal(name, card.GetProperty("data").GetProperty("creator").GetString());
    }

    /// <summary>Each listed character's name and its <c>liked</c>.</summary>
    private static List<(string, bool?)> LikedByName(JsonElement characters) =>
        characters.EnumerateArray().Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("liked").Deserialize<bool?>())).ToList();

    private static (bool Liked, int Count) LikeState(JsonElement body) =>
        (body.GetProperty("data").GetProperty("liked").GetBoolean(), body.GetProperty("data").GetProperty("like_count").GetInt32());

    private static async Task<string> UsernameAsync(TestUser user) =>
        (await (await user.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("username").GetString()!;
}

public sealed class LikesAndCreatorsTestsOnSqlite(SqliteServer server) : LikesAndCreatorsTests(server), IClassFixture<SqliteServer>;

public sealed class LikesAndCreatorsTestsOnPostgres(PostgresServer server) : LikesAndCreatorsTests(server), IClassFixture<PostgresServer>;
