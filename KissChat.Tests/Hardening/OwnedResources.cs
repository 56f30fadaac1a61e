using System.Net.Http.Json;
using KissChat.Tests.Chats;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>
/// User A with one of everything: the resources other users and malformed requests are aimed at. Besides a chat with
/// its character, a group chat of that character and a second one, whose last message is the first character's reply.
/// </summary>
public sealed record OwnedResources(
    TestUser Owner, Guid CharacterId, Guid SecondCharacterId, Guid ChatId, Guid GroupChatId, Guid JobId, Guid MessageId, Guid PersonaId, Guid LorebookId, Guid PresetId, string Secret)
{
    public static async Task<OwnedResources> CreateAsync(KissChatServer server)
    {
        var owner = await TestUser.SignUpAsync(server);
        var secret = $"secret-{Guid.NewGuid():N}";
        var characterId = await CharacterAsync(owner, "Hidden", secret);
        var secondCharacterId = await CharacterAsync(owner, "Hidden too", secret);
        var chatId = await ChatScenario.NewChatAsync(owner, characterId);
        var frames = await ChatScenario.SendAndReadAsync(owner, chatId, secret);
        var messages = await (await owner.Client.GetAsync($"/api/v1/chat/{chatId}/messages")).AssertOkJsonAsync();
        var messageId = messages.GetProperty("data").EnumerateArray().Last().GetProperty("id").GetGuid();
        var newGroup = await owner.Client.PostAsJsonAsync("/api/v1/chat/new", new { character_ids = new[] { characterId, secondCharacterId } });
        var groupChatId = (await newGroup.AssertOkJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("newChatID").GetGuid();
        await ChatScenario.SendAndReadAsync(owner, groupChatId, secret, new { character_id = characterId });
        var personaId = await CreatedIdAsync(owner, "/api/v1/persona/create", new { name = "Hidden persona", description = secret });
        var lorebookId = await CreatedIdAsync(owner, "/api/v1/lorebook/create", new { name = "Hidden lore", entries = new[] { new { keys = new[] { "hidden" }, content = secret } } });
        var presetId = await CreatedIdAsync(owner, "/api/v1/preset/create", new { name = secret, settings = new { temperature = 0.5 } });
        return new OwnedResources(owner, characterId, secondCharacterId, chatId, groupChatId, ChatScenario.JobId(frames), messageId, personaId, lorebookId, presetId, secret);
    }

    /// <summary>The owner's id for a path parameter; null for parameters that name no owned resource.</summary>
    public string? IdFor(ApiOperation operation, string parameter) => parameter switch
    {
        "jobId" => JobId.ToString(),
        "messageId" => MessageId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/character/", StringComparison.Ordinal) => CharacterId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/admin/characters/", StringComparison.Ordinal) => CharacterId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/admin/users/", StringComparison.Ordinal) => Owner.Id.ToString(),
        // No report names the owner's (private) character; the route is an administrator's whatever the id.
        "id" when operation.Path.StartsWith("/api/v1/admin/reports/", StringComparison.Ordinal) => CharacterId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/chat/", StringComparison.Ordinal) => ChatId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/user/", StringComparison.Ordinal) => Owner.Id.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/persona/", StringComparison.Ordinal) => PersonaId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/lorebook/", StringComparison.Ordinal) => LorebookId.ToString(),
        "id" when operation.Path.StartsWith("/api/v1/preset/", StringComparison.Ordinal) => PresetId.ToString(),
        _ => null,
    };

    private static async Task<Guid> CharacterAsync(TestUser owner, string name, string secret)
    {
        var create = await owner.Client.PostAsJsonAsync("/api/v1/character/create", new { name, backstory = secret, greeting = "hello" });
        return (await create.AssertOkJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("data").GetProperty("character_id").GetGuid();
    }

    private static async Task<Guid> CreatedIdAsync(TestUser owner, string path, object body) =>
        (await (await owner.Client.PostAsJsonAsync(path, body)).AssertOkJsonAsync(System.Net.HttpStatusCode.Created)).GetProperty("data").GetProperty("id").GetGuid();
}
