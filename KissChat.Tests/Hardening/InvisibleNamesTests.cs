using System.Net;
using System.Net.Http.Json;
using System.Text;
using KissChat.Kernel.Validation;
using KissChat.Tests.Chats;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>
/// A name nobody can see (zero-width spaces and joiners, direction marks, a lone combining mark, the Hangul filler) is a
/// blank name: it would show as nothing in every list, and tell nothing apart.
/// </summary>
public sealed class InvisibleNamesTests(SqliteChatServer server) : IClassFixture<SqliteChatServer>
{
    private const string Invisible = "\u200B\u200D \u200E\u2060";

    [Theory]
    [InlineData("\u200B", true)]
    [InlineData(" \u200C\u200D\uFEFF\t", true)]
    [InlineData("\u0301\u20DD", true)]
    [InlineData("\u3164\u2800", true)]
    [InlineData("\U000E0041\U000E0042", true)]
    [InlineData("\U0001D173\U000E0100", true)]
    [InlineData("\u06DD", false)]
    [InlineData("", true)]
    [InlineData("Mira\u200B", false)]
    [InlineData("é", false)]
    [InlineData("😀", false)]
    [InlineData("\u0627\u200F", false)]
    public void ATextOfOnlyInvisibleCharactersIsBlank(string text, bool blank) => Assert.Equal(blank, TextRules.IsBlank(text));

    [Fact]
    public async Task InvisibleNamesAreRefusedNamingTheField()
    {
        var user = await TestUser.SignUpAsync(server);
        var chatId = await ChatScenario.NewChatAsync(user);
        var card = $$$"""{"spec": "chara_card_v2", "spec_version": "2.0", "data": {"name": "{{{Invisible}}}", "description": "Hidden."}}""";

        (string Field, HttpResponseMessage Response)[] refused =
        [
            ("name", await user.Client.PostAsJsonAsync("/api/v1/character/create", new { name = Invisible, personality = "Quiet." })),
            ("data.name", await user.Client.PostAsync("/api/v1/character/import", new StringContent(card, Encoding.UTF8, "application/json"))),
            ("name", await user.Client.PostAsJsonAsync("/api/v1/persona/create", new { name = Invisible })),
            ("name", await user.Client.PostAsJsonAsync("/api/v1/lorebook/create", new { name = Invisible, entries = Array.Empty<object>() })),
            ("name", await user.Client.PostAsJsonAsync("/api/v1/preset/create", new { name = Invisible, settings = new { temperature = 0.5 } })),
            ("title", await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { title = Invisible })),
        ];

        foreach (var (field, response) in refused)
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{response.RequestMessage!.RequestUri}: {problem}");
        }

        // A folder is only a label on a chat: an invisible one is no folder, as a blank one is.
        var foldered = await (await user.Client.PatchAsJsonAsync($"/api/v1/chat/{chatId}", new { folder = Invisible })).AssertOkJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, foldered.GetProperty("data").GetProperty("folder").ValueKind);
    }
}
