using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Characters;

/// <summary>
/// Every list of characters reads the columns it shows, never a character's imported card (up to megabytes a row):
/// the card's book, which my list shows, is read out of it by the database.
/// </summary>
public abstract partial class CharacterListsReadTests(KissChatServer server)
{
    [Fact]
    public async Task ListsOfCharactersWithLargeCardsAnswerAsBeforeWithoutSelectingTheCard()
    {
        var author = await TestUser.SignUpAsync(server);
        var reader = await TestUser.SignUpAsync(server);
        var username = await LibraryApi.NameAsync(author, LibraryApi.UniqueWord());
        var tag = LibraryApi.UniqueWord();
        var card = SampleCards.SillyTavernV2();
        card["data"]!["tags"] = new JsonArray(tag);
        card["data"]!["extensions"]!["junk"] = new string('x', 1_000_000);
        var withBook = await CardApi.ImportIdAsync(author, SampleCards.Json(card));
        card["data"]!.AsObject().Remove("character_book");
        var withoutBook = await CardApi.ImportIdAsync(author, SampleCards.Json(card));
        foreach (var id in new[] { withBook, withoutBook })
        {
            await (await CharacterApi.PatchAsync(author, id, """{"visibility":"public"}""")).AssertOkJsonAsync();
            await (await LibraryApi.LikeAsync(reader, id)).AssertOkJsonAsync();
        }

        var authorCommands = RequestCommands.Of(author.Client);
        var readerCommands = RequestCommands.Of(reader.Client);
        List<JsonElement> lists;
        try
        {
            lists =
            [
                await (await author.Client.GetAsync("/api/v1/character/list")).AssertOkJsonAsync(),
                await (await reader.Client.GetAsync($"/api/v1/character/public?tag={tag}")).AssertOkJsonAsync(),
                await (await reader.Client.GetAsync($"/api/v1/character/public?q={tag}&sort=trending")).AssertOkJsonAsync(),
                await (await reader.Client.GetAsync("/api/v1/character/liked")).AssertOkJsonAsync(),
                (await LibraryApi.CreatorPageAsync(reader.Client, username)).GetProperty("characters"),
            ];
            Assert.NotEmpty(authorCommands.Texts);
            Assert.NotEmpty(readerCommands.Texts);
            Assert.DoesNotContain(authorCommands.Texts.Concat(readerCommands.Texts), SelectsTheCard);
        }
        finally
        {
            authorCommands.Dispose();
            readerCommands.Dispose();
        }

        // My list shows each character as GET does, its book included; the public lists show both, with their texts.
        var mine = lists[0].GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([withoutBook, withBook], mine.Select(c => c.GetProperty("character_id").GetGuid()));
        foreach (var listed in mine)
        {
            Assert.True(JsonElement.DeepEquals(listed, await CharacterApi.GetAsync(author, listed.GetProperty("character_id").GetGuid())), listed.ToString());
        }

        Assert.Equal(JsonValueKind.Object, mine[1].GetProperty("character_book").ValueKind);
        CardApi.AssertSameJson(SampleCards.SillyTavernV2()["data"]!["character_book"], JsonNode.Parse(mine[1].GetProperty("character_book").GetRawText()));
        foreach (var list in lists.Skip(1))
        {
            var shown = (list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("data")).EnumerateArray().ToList();
            Assert.Equal(new[] { withoutBook, withBook }.Order(), shown.Select(c => c.GetProperty("character_id").GetGuid()).Order());
            Assert.All(shown, c => Assert.Equal(username, c.GetProperty("creator").GetString()));
            Assert.All(shown, c => Assert.Equal(card["data"]!["creator_notes"]!.GetValue<string>(), c.GetProperty("creator_notes").GetString()));
        }
    }

    /// <summary>EF names a selected column by its table's alias (<c>c.card_extras</c>, <c>"c"."card_extras"</c>); the book's own query does not select it.</summary>
    private static bool SelectsTheCard(string sql) => CardColumn().IsMatch(sql);

    [GeneratedRegex("""\."?card_extras""")]
    private static partial Regex CardColumn();
}

public sealed class CharacterListsReadTestsOnSqlite(SqliteServer server) : CharacterListsReadTests(server), IClassFixture<SqliteServer>;

public sealed class CharacterListsReadTestsOnPostgres(PostgresServer server) : CharacterListsReadTests(server), IClassFixture<PostgresServer>;
