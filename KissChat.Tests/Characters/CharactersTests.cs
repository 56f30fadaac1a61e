using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KissChat.Characters.Contracts;
using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Tests.Characters.Cards;
using KissChat.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Tests.Characters;

public abstract class CharactersTests(KissChatServer server)
{
    private const string Create = "/api/v1/character/create";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> CreateAsync(TestUser user, object body) =>
        (await (await user.Client.PostAsJsonAsync(Create, body)).AssertOkJsonAsync(HttpStatusCode.Created)).GetProperty("data");

    [Fact]
    public async Task CreatingACharacterWithEveryFieldReturnsItAllAndGetReturnsTheSame()
    {
        var user = await TestUser.SignUpAsync(server);
        var sent = SampleCharacter.EveryField();

        var response = await user.Client.PostAsJsonAsync(Create, sent);

        var body = await response.AssertOkJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Character created.", body.GetProperty("message").GetString());
        var created = body.GetProperty("data");
        foreach (var (field, value) in sent)
        {
            Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(value), created.GetProperty(field)), $"{field}: {created.GetProperty(field)}");
        }

        var id = created.GetProperty("character_id").GetGuid();
        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal(user.Id, created.GetProperty("character_user_id").GetGuid());
        var createdAt = created.GetProperty("created_at").GetDateTimeOffset();
        Assert.Equal(TimeSpan.Zero, createdAt.Offset);
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(createdAt, created.GetProperty("updated_at").GetDateTimeOffset());
        Assert.Equal($"/api/v1/character/get/{id}", response.Headers.Location?.OriginalString);

        var fetched = (await (await user.Client.GetAsync(response.Headers.Location)).AssertOkJsonAsync()).GetProperty("data");
        Assert.True(JsonElement.DeepEquals(created, fetched), $"created {created}\nfetched {fetched}");
    }

    [Fact]
    public async Task ANameIsEnoughAndBlankAttributesAreStoredAsNull()
    {
        var user = await TestUser.SignUpAsync(server);

        var created = await CreateAsync(user, new { name = "  Ann  ", gender = "   ", tags = new[] { " cosy " } });

        Assert.Equal("Ann", created.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("gender").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("age").ValueKind);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("greeting").ValueKind);
        Assert.Equal(0, created.GetProperty("alternate_greetings").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("mes_example").ValueKind);
        Assert.Equal(["cosy"], created.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(created.GetProperty("ai_generated_behavior").GetBoolean());
        var fetched = (await (await user.Client.GetAsync($"/api/v1/character/get/{created.GetProperty("character_id").GetGuid()}")).AssertOkJsonAsync()).GetProperty("data");
        Assert.True(JsonElement.DeepEquals(created, fetched), $"created {created}\nfetched {fetched}");
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("{\"name\": \"   \"}", "name")]
    [InlineData("{\"name\": null}", "name")]
    [InlineData("{\"name\": \"Ann\", \"age\": 17}", "age")]
    [InlineData("{\"name\": \"Ann\", \"age\": 1001}", "age")]
    [InlineData("{\"name\": \"Ann\", \"tags\": [\"x\", \" X \"]}", "tags")]
    [InlineData("{\"name\": \"Ann\", \"tags\": [\"ok\", \"  \"]}", "tags[1]")]
    [InlineData("{\"name\": \"Ann\", \"tags\": [null]}", "tags[0]")]
    [InlineData("{\"name\": \"Ann\", \"tags\": [\"abcdefghijklmnopqrstuvwxyz0123456\"]}", "tags[0]")]
    [InlineData("{\"name\": \"Ann\", \"gender\": \"fe\\u0000male\"}", "gender")]
    [InlineData("{\"name\": \"Ann\\nLee\"}", "name")]
    [InlineData("{\"name\": \"Ann\", \"backstory\": \"One line.\\nA bell: \\u0007\"}", "backstory")]
    [InlineData("{\"name\": \"Ann\", \"alternate_greetings\": [\"Hi\", \"  \"]}", "alternate_greetings[1]")]
    [InlineData("{\"name\": \"Ann\", \"alternate_greetings\": [null]}", "alternate_greetings[0]")]
    [InlineData("{\"name\": \"Ann\", \"alternate_greetings\": [\"A\\u0000B\"]}", "alternate_greetings[0]")]
    [InlineData("{\"name\": \"Ann\", \"mes_example\": \"A bell: \\u0007\"}", "mes_example")]
    [InlineData("{\"name\": \"Ann\", \"avatar_url\": \"javascript:alert(1)\"}", "avatar_url")]
    [InlineData("{\"name\": \"Ann\", \"avatar_url\": \"//evil.example/x.png\"}", "avatar_url")]
    public async Task InvalidCharactersAreRejectedNamingTheField(string json, string field)
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(Create, Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("name", 100)]
    [InlineData("hair_color", 100)]
    [InlineData("hobbies", 500)]
    [InlineData("personality", 8000)]
    [InlineData("system_instruction", 8000)]
    [InlineData("mes_example", 8000)]
    [InlineData("post_history_instructions", 8000)]
    [InlineData("creator_notes", 8000)]
    public async Task AFieldOneCharacterOverItsLimitIsRejectedAndOneAtItsLimitIsAccepted(string field, int limit)
    {
        var user = await TestUser.SignUpAsync(server);
        var atLimit = new Dictionary<string, object> { ["name"] = "Ann", [field] = new string('a', limit) };
        var overLimit = new Dictionary<string, object> { ["name"] = "Ann", [field] = new string('a', limit + 1) };

        var accepted = await CreateAsync(user, atLimit);
        var rejected = await user.Client.PostAsJsonAsync(Create, overLimit);

        Assert.Equal(limit, accepted.GetProperty(field).GetString()!.Length);
        var problem = await rejected.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(errors, e => e!.Contains($"{limit} characters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MoreThanTwentyTagsAreRejected()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsJsonAsync(Create, new { name = "Ann", tags = Enumerable.Range(1, 21).Select(i => $"tag{i}") });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("at most 20", problem.GetProperty("errors").GetProperty("tags")[0].GetString(), StringComparison.Ordinal);
        await CreateAsync(user, new { name = "Ann", tags = Enumerable.Range(1, 20).Select(i => $"tag{i}") });
    }

    [Fact]
    public async Task MoreThanTwentyAlternateGreetingsAreRejected()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsJsonAsync(Create, new { name = "Ann", alternate_greetings = Enumerable.Range(1, 21).Select(i => $"Hello #{i}") });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("'alternate_greetings' may hold at most 20 greetings.", problem.GetProperty("errors").GetProperty("alternate_greetings")[0].GetString());
        var accepted = await CreateAsync(user, new { name = "Ann", alternate_greetings = Enumerable.Range(1, 20).Select(i => $"Hello #{i}") });
        Assert.Equal(20, accepted.GetProperty("alternate_greetings").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"name\": 5}", "name")]
    [InlineData("{\"name\": \"Ann\", \"age\": \"twenty\"}", "age")]
    [InlineData("{\"name\": \"Ann\", \"age\": 20.5}", "age")]
    [InlineData("{\"name\": \"Ann\", \"tags\": \"romance\"}", "tags")]
    [InlineData("{\"name\": \"Ann\", \"tags\": [1, 2]}", "tags[0]")]
    [InlineData("{\"name\": \"Ann\", \"ai_generated_behavior\": \"yes\"}", "ai_generated_behavior")]
    public async Task WrongJsonTypesAreABadRequestNamingTheField(string json, string field)
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.PostAsync(Create, Json(json));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task AnUnknownCharacterIsNotFound()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.GetAsync($"/api/v1/character/get/{Guid.CreateVersion7()}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Character not found.", problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AMalformedCharacterIdIsABadRequest()
    {
        var user = await TestUser.SignUpAsync(server);

        var response = await user.Client.GetAsync("/api/v1/character/get/not-a-uuid");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SomeoneElsesCharacterIsForbiddenAndNoneOfItsDataLeaks()
    {
        var owner = await TestUser.SignUpAsync(server);
        var intruder = await TestUser.SignUpAsync(server);
        var id = (await CreateAsync(owner, SampleCharacter.EveryField())).GetProperty("character_id").GetGuid();

        var response = await intruder.Client.GetAsync($"/api/v1/character/get/{id}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("You do not own this character.", problem.GetProperty("error").GetString());
        var text = problem.GetRawText();
        Assert.DoesNotContain("data", problem.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("Mira", text, StringComparison.Ordinal);
        Assert.DoesNotContain("lighthouse", text, StringComparison.Ordinal);
        Assert.DoesNotContain(owner.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CharactersRequireAnAuthenticatedUser()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = (await CreateAsync(owner, new { name = "Ann" })).GetProperty("character_id").GetGuid();
        var anonymous = server.CreateClient();

        var create = await anonymous.PostAsJsonAsync(Create, new { name = "Ann" });
        var get = await anonymous.GetAsync($"/api/v1/character/get/{id}");

        await create.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var problem = await get.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("Ann", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingTheOwnersAccountRemovesTheirCharacters()
    {
        var owner = await TestUser.SignUpAsync(server);
        var id = (await CreateAsync(owner, SampleCharacter.EveryField())).GetProperty("character_id").GetGuid();

        await (await owner.Client.DeleteAsync($"/api/v1/user/delete/{owner.Id}")).AssertOkJsonAsync();

        var someoneNew = await TestUser.SignUpAsync(server);
        var response = await someoneNew.Client.GetAsync($"/api/v1/character/get/{id}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnAccessTokenThatOutlivedItsAccountCannotCreateCharacters()
    {
        var user = await TestUser.SignUpAsync(server);
        await (await user.Client.DeleteAsync($"/api/v1/user/delete/{user.Id}")).AssertOkJsonAsync();
        using var stale = server.CreateClient();
        stale.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);

        var response = await stale.PostAsJsonAsync(Create, new { name = "Ann" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("This account no longer exists.", problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnAccountKeepsAtMostAThousandCharactersCreatedOrImported()
    {
        var user = await TestUser.SignUpAsync(server);
        var now = DateTime.UtcNow;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KissChatDbContext>();
            db.AddRange(Enumerable.Range(0, CharacterLimits.PerUser - 1).Select(i => new Character { Id = Guid.CreateVersion7(), UserId = user.Id, Name = $"Character {i}", CreatedAt = now, UpdatedAt = now }));
            await db.SaveChangesAsync();
        }

        var last = (await CreateAsync(user, new { name = "The thousandth" })).GetProperty("character_id").GetGuid();
        var storedFiles = TestImages.StoredFiles(server.DataDirectory);

        var created = await user.Client.PostAsJsonAsync(Create, new { name = "One more" });
        var imported = await user.Client.PostAsync(CardApi.Import, SampleCards.Upload(PngFile.WithCardsOn(TestImages.Picture(20, 30), ("ccv3", SampleCards.V3().ToJsonString()))));

        var problem = await created.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("That would make 1001 characters; an account keeps at most 1000. Delete some first.", problem.GetProperty("detail").GetString());
        await imported.AssertProblemAsync(HttpStatusCode.Conflict);
        // The refused card's picture was stored before the count, and is removed again.
        Assert.Equal(storedFiles, TestImages.StoredFiles(server.DataDirectory));
        await (await user.Client.DeleteAsync($"/api/v1/character/delete/{last}")).AssertOkJsonAsync();
        await CardApi.ImportAsync(user, SampleCards.Json(SampleCards.V3()));
    }

    [Fact]
    public async Task TheChatCatalogGivesTheOwnerAPersonaAndRefusesEveryoneElse()
    {
        var owner = await TestUser.SignUpAsync(server);
        var other = await TestUser.SignUpAsync(server);
        var id = (await CreateAsync(owner, SampleCharacter.EveryField())).GetProperty("character_id").GetGuid();
        await using var scope = server.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<ICharacterCatalog>();

        var found = await catalog.FindForChatAsync(id, owner.Id, CancellationToken.None);
        var forbidden = await catalog.FindForChatAsync(id, other.Id, CancellationToken.None);
        var missing = await catalog.FindForChatAsync(Guid.CreateVersion7(), owner.Id, CancellationToken.None);

        Assert.Equal(CharacterAccessOutcome.Found, found.Outcome);
        var character = found.Character!;
        Assert.Equal((id, owner.Id, "Mira Vale", "https://cdn.example.com/avatars/mira.png"), (character.Id, character.OwnerId, character.Name, character.AvatarUrl));
        Assert.Equal("You made it through the storm. Come in, the kettle is on.", character.Greeting);
        Assert.Equal(["Back again? Mind the stairs.", "*She looks up from the logbook.*\nOh. A visitor."], character.AlternateGreetings);
        // What a chat's prompt is built from at each turn, part by part, macros still in place.
        var card = (await catalog.CardForChatAsync(id, owner.Id, CancellationToken.None))!;
        Assert.Equal("Write in the present tense and keep replies under 150 words.", card.SystemPrompt);
        Assert.Equal("Dry humour.\nFiercely loyal once trust is earned.", card.Personality);
        Assert.Equal("A storm has stranded the user at the lighthouse for the night.", card.Scenario);
        Assert.Equal("<START>\n{{user}}: Is it always this loud?\n{{char}}: Only when the sea is awake.", card.MesExample);
        Assert.Equal("Stay in the lighthouse; never narrate for the user.", card.PostHistoryInstructions);
        Assert.StartsWith("The keeper of the last lighthouse", card.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("romance", card.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("slow-burn pacing", card.Description, StringComparison.Ordinal);
        Assert.Null(card.Book);
        Assert.Null(await catalog.CardForChatAsync(id, other.Id, CancellationToken.None));
        Assert.Equal(new CharacterAccess(CharacterAccessOutcome.Forbidden, null), forbidden);
        Assert.Equal(new CharacterAccess(CharacterAccessOutcome.NotFound, null), missing);
    }
}

public sealed class CharactersTestsOnSqlite(SqliteServer server) : CharactersTests(server), IClassFixture<SqliteServer>;

public sealed class CharactersTestsOnPostgres(PostgresServer server) : CharactersTests(server), IClassFixture<PostgresServer>;
