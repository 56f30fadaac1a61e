using System.Net;
using KissChat.Tests.Infrastructure;
using NJsonSchema;
using NSwag;

namespace KissChat.Tests.Hardening;

/// <summary>
/// What the server answers is what its OpenAPI document says it answers: every JSON answer to a GET about the owner's
/// resources validates against the operation's documented 200 schema (types, required and nullable members), so a
/// client generated from the document reads real answers as they come. Downloads are documented as files
/// (<c>format: binary</c>, which a client saves rather than reads) and are not values to check.
/// </summary>
public abstract class ResponseShapeTests(ChatServer server)
{
    [Fact]
    public async Task EveryJsonAnswerToAGetHasTheDocumentedShape()
    {
        var owned = await OwnedResources.CreateAsync(server);
        var administrator = await TestUser.AdministratorAsync(server);
        var username = (await (await owned.Owner.Client.GetAsync("/api/v1/auth/me")).AssertOkJsonAsync()).GetProperty("data").GetProperty("username").GetString()!;
        var document = await OpenApiDocument.FromJsonAsync(await server.CreateClient().GetStringAsync("/openapi/v1.json"));
        var mismatches = new List<string>();
        var answered = 0;

        foreach (var operation in (await ApiSurface.ReadAsync(server)).Where(o => o.Method == "GET"))
        {
            if (!document.Paths[operation.Path]["get"].Responses.TryGetValue("200", out var ok)
                || !ok.Content.TryGetValue("application/json", out var json)
                || json.Schema.ActualSchema.Format == JsonFormatStrings.Binary)
            {
                continue;
            }

            var user = operation.IsAdministrators ? administrator : owned.Owner;
            // Search needs something to look for: the owner's secret is in their chats.
            var query = operation.Path == "/api/v1/chat/search" ? $"?q={owned.Secret}" : string.Empty;
            using var response = await user.Client.GetAsync(operation.PathWith(p => p == "username" ? username : owned.IdFor(operation, p)!) + query);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                mismatches.Add($"{operation} -> {(int)response.StatusCode} {Excerpt.Of(body)}");
                continue;
            }

            answered++;
            var errors = json.Schema.ActualSchema.Validate(body, SchemaType.OpenApi3);
            mismatches.AddRange(errors.Select(e => $"{operation}: {e}"));
        }

        Assert.True(answered >= 25, $"only {answered} GETs answered JSON");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(60)));
    }
}

public sealed class ResponseShapeTestsOnSqlite(SqliteChatServer server) : ResponseShapeTests(server), IClassFixture<SqliteChatServer>;

public sealed class ResponseShapeTestsOnPostgres(PostgresChatServer server) : ResponseShapeTests(server), IClassFixture<PostgresChatServer>;
