using KissChat.Tests.Infrastructure;
using static KissChat.Tests.Characters.LibraryApi;

namespace KissChat.Tests.Characters;

/// <summary>A server that keeps the library's tag counts for a minute, as a deployment does (the other test servers count on every call).</summary>
public sealed class KeptTagCountsServer() : KissChatServer(TestDatabase.Sqlite)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Characters:TagListSeconds", "60")];
}

/// <summary>
/// <c>GET character/tags</c> is open to visitors and counts the tags of the whole library: within Characters:TagListSeconds
/// it answers from the counts it made, for each library (with NSFW characters and without) and each limit.
/// </summary>
public sealed class KeptTagCountsTests(KeptTagCountsServer server) : IClassFixture<KeptTagCountsServer>
{
    [Fact]
    public async Task ASecondTagListWithinTheWindowRunsNoSqlAndStillAnswersEachLimitAndViewer()
    {
        var author = await TestUser.SignUpAsync(server);
        var (common, rare, nsfw) = (UniqueWord(), UniqueWord(), UniqueWord());
        await CharacterApi.CreateAsync(author, new { name = "One", tags = new[] { common, rare }, visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = "Two", tags = new[] { common }, visibility = "public" });
        await CharacterApi.CreateAsync(author, new { name = "Spicy", tags = new[] { nsfw }, visibility = "public", nsfw = true });
        var adult = await TestUser.SignUpAsync(server);
        await OptIntoNsfwAsync(adult);
        var visitor = server.CreateClient();
        using var commands = RequestCommands.Of(visitor);

        var first = await TagsAsync(visitor);
        Assert.NotEmpty(commands.Texts);
        commands.Clear();
        // Counted by now but kept from before: it shows once the window has passed.
        await CharacterApi.CreateAsync(author, new { name = "Three", tags = new[] { rare }, visibility = "public" });
        var again = await TagsAsync(visitor);
        var top = await (await visitor.GetAsync("/api/v1/character/tags?limit=1")).AssertOkJsonAsync();

        Assert.Empty(commands.Texts);
        Assert.Equal(first, again);
        Assert.Equal((2, 1), (first[common], first[rare]));
        Assert.False(first.ContainsKey(nsfw));
        Assert.Single(top.GetProperty("data").EnumerateArray());
        Assert.Equal(1, (await TagsAsync(adult.Client))[nsfw]);
    }
}
