using System.Net;
using System.Text.Json;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Characters;

/// <summary>GET /character/list: the signed-in user's characters, newest first, cursor-paginated.</summary>
public abstract class MyCharactersListTests(KissChatServer server)
{
    private const string List = "/api/v1/character/list";

    [Fact]
    public async Task MyCharactersComeNewestFirstAPageAtATimeAndNobodyElsesAreListed()
    {
        var me = await TestUser.SignUpAsync(server);
        var someoneElse = await TestUser.SignUpAsync(server);
        foreach (var name in new[] { "One", "Two", "Three", "Four", "Five" })
        {
            await CharacterApi.CreateAsync(me, new { name });
        }

        await CharacterApi.CreateAsync(someoneElse, new { name = "Not mine", visibility = "public" });

        var pages = await CharacterApi.AllPagesAsync(me, $"{List}?limit=2");

        Assert.Equal([["Five", "Four"], ["Three", "Two"], ["One"]], pages.Select(CharacterApi.Names));
        Assert.Equal(JsonValueKind.Null, pages[^1].GetProperty("next_cursor").ValueKind);
        var first = pages[0].GetProperty("data")[0];
        Assert.Equal(me.Id, first.GetProperty("character_user_id").GetGuid());
        Assert.True(JsonElement.DeepEquals(first, await CharacterApi.GetAsync(me, first.GetProperty("character_id").GetGuid())));
    }

    [Fact]
    public async Task PagingStaysStableWhileNewCharactersAreAdded()
    {
        var me = await TestUser.SignUpAsync(server);
        foreach (var name in new[] { "A", "B", "C", "D" })
        {
            await CharacterApi.CreateAsync(me, new { name });
        }

        var first = await (await me.Client.GetAsync($"{List}?limit=2")).AssertOkJsonAsync();
        await CharacterApi.CreateAsync(me, new { name = "E" });
        await CharacterApi.CreateAsync(me, new { name = "F" });
        var cursor = Uri.EscapeDataString(first.GetProperty("next_cursor").GetString()!);
        var second = await (await me.Client.GetAsync($"{List}?limit=2&cursor={cursor}")).AssertOkJsonAsync();

        Assert.Equal(["D", "C"], CharacterApi.Names(first));
        Assert.Equal(["B", "A"], CharacterApi.Names(second));
        var fresh = await CharacterApi.AllPagesAsync(me, $"{List}?limit=4");
        Assert.Equal(["F", "E", "D", "C", "B", "A"], fresh.SelectMany(CharacterApi.Names));
    }

    [Fact]
    public async Task CharactersCreatedAtTheSameInstantPageWithoutDuplicatesOrGaps()
    {
        var me = await TestUser.SignUpAsync(server);
        var sameInstant = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var ids = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid()).ToList();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            db.AddRange(ids.Select(id => new Character { Id = id, UserId = me.Id, Name = $"Twin {id}", CreatedAt = sameInstant, UpdatedAt = sameInstant }));
            await db.SaveChangesAsync();
        }

        var pages = await CharacterApi.AllPagesAsync(me, $"{List}?limit=3");

        var listed = pages.SelectMany(p => p.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("character_id").GetGuid())).ToList();
        Assert.Equal(3, pages.Count);
        Assert.Equal(ids.Order(), listed.Order());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task TheDefaultPageHoldsTwentyAndEmptyParametersMeanDefaults()
    {
        var me = await TestUser.SignUpAsync(server);
        for (var i = 0; i < 21; i++)
        {
            await CharacterApi.CreateAsync(me, new { name = $"N{i}" });
        }

        var page = await (await me.Client.GetAsync($"{List}?cursor=&limit=")).AssertOkJsonAsync();

        Assert.Equal(20, page.GetProperty("data").GetArrayLength());
        Assert.Equal("N20", CharacterApi.Names(page)[0]);
        Assert.NotNull(page.GetProperty("next_cursor").GetString());
    }

    [Fact]
    public async Task AnEmptyListHasNoNextCursor()
    {
        var me = await TestUser.SignUpAsync(server);

        var page = await (await me.Client.GetAsync(List)).AssertOkJsonAsync();

        Assert.Empty(page.GetProperty("data").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
    }

    [Theory]
    [InlineData("cursor=garbage", "cursor")]
    [InlineData("cursor=bm90IGEgY3Vyc29y", "cursor")]
    [InlineData("cursor=%00", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    public async Task ABadCursorOrLimitIsABadRequestNamingIt(string query, string field)
    {
        var me = await TestUser.SignUpAsync(server);

        var response = await me.Client.GetAsync($"{List}?{query}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task ACursorFromThePopularLibraryIsNotAcceptedHere()
    {
        var me = await TestUser.SignUpAsync(server);
        var tag = $"t{Guid.NewGuid():N}"[..20];
        await CharacterApi.CreateAsync(me, new { name = "P1", tags = new[] { tag }, visibility = "public" });
        await CharacterApi.CreateAsync(me, new { name = "P2", tags = new[] { tag }, visibility = "public" });
        var popular = await (await me.Client.GetAsync($"/api/v1/character/public?tag={tag}&sort=popular&limit=1")).AssertOkJsonAsync();

        var response = await me.Client.GetAsync($"{List}?cursor={Uri.EscapeDataString(popular.GetProperty("next_cursor").GetString()!)}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), problem.ToString());
    }
}

public sealed class MyCharactersListTestsOnSqlite(SqliteServer server) : MyCharactersListTests(server), IClassFixture<SqliteServer>;

public sealed class MyCharactersListTestsOnPostgres(PostgresServer server) : MyCharactersListTests(server), IClassFixture<PostgresServer>;
