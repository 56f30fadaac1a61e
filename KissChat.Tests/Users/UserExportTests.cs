using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Chats;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Users;

/// <summary>GET user/export: one zip of everything the signed-in user owns, and nothing of anyone else.</summary>
public abstract class UserExportTests(ChatServer server)
{
    [Fact]
    public async Task TheExportOpensAndHoldsTheProfileEveryCharacterAsACardEveryChatInBothFormatsAndThePersonasLorebooksAndPresets()
    {
        var user = await TestUser.SignUpAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var characterId = await ChatScenario.CreateCharacterAsync(user);
        var secondCharacterId = await ChatScenario.CreateCharacterAsync(user);
        var thirdCharacterId = await ChatScenario.CreateCharacterAsync(user);
        var chatId = await ChatScenario.NewChatAsync(user, characterId);
        await ChatScenario.SendAndReadAsync(user, chatId, "Do you have a room?");
        await ChatScenario.NewChatAsync(stranger);
        await CreateAsync(user, "persona/create", new { name = "Captain Vell" });
        await CreateAsync(user, "lorebook/create", new { name = "Harbour", entries = new[] { new { id = 1, keys = new[] { "ship" }, content = "The red ship belongs to Mira's brother." } } });
        await CreateAsync(user, "preset/create", new { name = "Calm", settings = new { temperature = 0.2 } });
        await CreateAsync(stranger, "persona/create", new { name = "Not yours" });
        await CreateAsync(stranger, "lorebook/create", new { name = "Not yours", entries = Array.Empty<object>() });
        await CreateAsync(stranger, "preset/create", new { name = "Not yours", settings = new { temperature = 1 } });

        var response = await user.Client.GetAsync("/api/v1/user/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("^kisschat-export-[0-9]{4}-[0-9]{2}-[0-9]{2}\\.zip$", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var profile = JsonDocument.Parse(Read(zip, "profile.json")).RootElement;
        Assert.Equal(user.Email, profile.GetProperty("email").GetString());
        // All three characters are called Mira, made within a second: the later ones' file names carry the end of their ids
        // (where ids made together differ), so none is lost to another.
        var cards = zip.Entries.Where(e => e.FullName.StartsWith("characters/", StringComparison.Ordinal)).Select(e => e.FullName).ToList();
        Assert.Equal(3, cards.Distinct().Count());
        Assert.Contains("characters/Mira.png", cards);
        Assert.All(cards.Where(c => c != "characters/Mira.png"), c => Assert.Contains(c, new[] { characterId, secondCharacterId, thirdCharacterId }.Select(id => $"characters/Mira-{id.ToString("N")[^8..]}.png")));
        foreach (var card in cards)
        {
            var v3 = JsonDocument.Parse(PngFile.Cards(Read(zip, card))["ccv3"]).RootElement;
            Assert.Equal("chara_card_v3", v3.GetProperty("spec").GetString());
            Assert.Equal("Mira", v3.GetProperty("data").GetProperty("name").GetString());
        }

        var chat = Assert.Single(zip.Entries, e => e.FullName.StartsWith("chats/", StringComparison.Ordinal) && e.FullName.EndsWith(".json", StringComparison.Ordinal));
        var exported = JsonDocument.Parse(Read(zip, chat.FullName)).RootElement;
        Assert.Equal(chatId, exported.GetProperty("id").GetGuid());
        Assert.Contains(exported.GetProperty("messages").EnumerateArray(), m => m.GetProperty("content").GetString() == "Hello from the fake model.");
        var lines = System.Text.Encoding.UTF8.GetString(Read(zip, chat.FullName + "l")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("Mira", lines[0].GetProperty("character_name").GetString());
        Assert.Equal(["Welcome to the Salty Gull, traveller!", "Do you have a room?", "Hello from the fake model."], lines.Skip(1).Select(l => l.GetProperty("mes").GetString()!).ToArray());
        Assert.Equal([false, true, false], lines.Skip(1).Select(l => l.GetProperty("is_user").GetBoolean()).ToArray());
        var personas = JsonDocument.Parse(Read(zip, "personas.json")).RootElement;
        Assert.Equal(["Captain Vell"], personas.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
        var presets = JsonDocument.Parse(Read(zip, "presets.json")).RootElement;
        Assert.Equal(["Calm"], presets.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray());
        var worldInfo = JsonDocument.Parse(Read(zip, "lorebooks/Harbour.json")).RootElement;
        Assert.Contains("The red ship belongs to Mira's brother.", worldInfo.GetProperty("entries").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(1 + cards.Count + 2 + 3, zip.Entries.Count);
    }

    [Fact]
    public async Task TheExportNeedsASignedInUser()
    {
        var response = await server.CreateClient().GetAsync("/api/v1/user/export");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task CreateAsync(TestUser owner, string route, object body) =>
        await (await owner.Client.PostAsJsonAsync($"/api/v1/{route}", body)).AssertOkJsonAsync(HttpStatusCode.Created);

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var content = zip.GetEntry(name)?.Open() ?? throw new Xunit.Sdk.XunitException($"the export has no {name}: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }
}

public sealed class UserExportTestsOnSqlite(SqliteChatServer server) : UserExportTests(server), IClassFixture<SqliteChatServer>;

public sealed class UserExportTestsOnPostgres(PostgresChatServer server) : UserExportTests(server), IClassFixture<PostgresChatServer>;
