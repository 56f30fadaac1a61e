using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>
/// The ids a request carries in its JSON body or its query (those in its path are <see cref="AuthorizationMatrixTests"/>'):
/// user B, acting on B's own resources, names one of user A's instead and gets a 4xx, none of A's data, and nothing
/// written; the same request with B's own id then succeeds, so it was the id that was refused and not the request.
/// Fields come from the OpenAPI document, so a new one is in the matrix the day it is added.
/// </summary>
public abstract class ForeignIdsInRequestsTests(ChatServer server)
{
    /// <summary>Ids that filter what is listed: another user's matches nothing, so the answer is an empty list, not a refusal.</summary>
    private static readonly HashSet<string> Filters = ["GET /api/v1/chat/list ?character_id"];

    [Fact]
    public async Task AnotherUsersIdInMyOwnRequestIsRefusedAndMyOwnIdIsNot()
    {
        var theirs = await OwnedResources.CreateAsync(server);
        var mine = await OwnedResources.CreateAsync(server);
        var cases = (await ApiSurface.ReadAsync(server)).SelectMany(IdCase.Of).ToList();
        var unknown = cases.Where(c => IdValue(c.Name, mine) is null).ToList();
        Assert.True(unknown.Count == 0, $"the matrix does not know whose resource these name; teach IdValue: {string.Join(", ", unknown)}");
        var before = await DatabaseFingerprint.TakeAsync(server);
        var failures = new List<string>();

        foreach (var idCase in cases)
        {
            var (status, body) = await SendAsync(idCase, mine, theirs);
            var refused = Filters.Contains(idCase.ToString())
                ? status == HttpStatusCode.OK && JsonNode.Parse(body)!["data"]!.AsArray().Count == 0
                : status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
            if (!refused || body.Contains(theirs.Secret, StringComparison.Ordinal))
            {
                failures.Add($"{idCase} with another user's id -> {(int)status} {Excerpt.Of(body)}");
            }
        }

        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(server));
        foreach (var idCase in cases)
        {
            var (status, body) = await SendAsync(idCase, mine, mine);
            if ((int)status is < 200 or > 299 || body.Contains("\"status\":\"error\"", StringComparison.Ordinal))
            {
                failures.Add($"{idCase} with my own id -> {(int)status} {Excerpt.Of(body)}");
            }
        }

        Assert.True(cases.Count >= 10, $"only {cases.Count} ids in bodies and queries");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The request about <paramref name="mine"/>'s resources, with <paramref name="named"/>'s id in the case's field.
    /// A character chooses a group chat's speaker, so a request naming one is about the group chat.
    /// </summary>
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(IdCase idCase, OwnedResources mine, OwnedResources named)
    {
        var chatId = idCase.Name == "character_id" ? mine.GroupChatId : mine.ChatId;
        var path = idCase.Operation.PathWith(p => p == "id" && idCase.Operation.Path.StartsWith("/api/v1/chat/", StringComparison.Ordinal)
            ? chatId.ToString()
            : mine.IdFor(idCase.Operation, p)!);
        var request = new HttpRequestMessage(
            new HttpMethod(idCase.Operation.Method), idCase.InQuery ? $"{path}?{idCase.Name}={IdValue(idCase.Name, named)!.GetValue<Guid>()}" : path);
        if (!idCase.InQuery)
        {
            var body = new JsonObject { [idCase.Name] = IdValue(idCase.Name, named) };
            foreach (var (name, _) in idCase.Operation.JsonFields)
            {
                if (name == "chat_id" && idCase.Name != "chat_id")
                {
                    body[name] = chatId.ToString();
                }
                else if (name == "prompt")
                {
                    body[name] = "hello";
                }
            }

            request.Content = JsonContent.Create(body);
        }

        using var response = await mine.Owner.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response.StatusCode, await Sse.ReadBodyAsync(response));
    }

    /// <summary>The value naming <paramref name="owned"/>'s resource in a field; null for a field the matrix does not know.</summary>
    private static JsonNode? IdValue(string field, OwnedResources owned) => field switch
    {
        "chat_id" => owned.ChatId,
        "character_id" => owned.CharacterId,
        "character_ids" => new JsonArray(owned.CharacterId, owned.SecondCharacterId),
        "message_id" or "around" => owned.MessageId,
        "persona_id" => owned.PersonaId,
        "lorebook_ids" => new JsonArray(owned.LorebookId),
        "settings" => new JsonObject { ["preset_id"] = owned.PresetId },
        _ => null,
    };

    /// <summary>One id-carrying field of one operation: a JSON field or query parameter named <c>*_id</c>/<c>*_ids</c>, or chat settings (which name a preset).</summary>
    private sealed record IdCase(ApiOperation Operation, string Name, bool InQuery)
    {
        public static IEnumerable<IdCase> Of(ApiOperation operation) =>
            operation.JsonFields.Where(f => NamesIds(f.Name) || (f.Name == "settings" && operation.Path.StartsWith("/api/v1/chat/", StringComparison.Ordinal)))
                .Select(f => new IdCase(operation, f.Name, InQuery: false))
                .Concat(operation.QueryParameters.Where(q => q.Type == "guid").Select(q => new IdCase(operation, q.Name, InQuery: true)));

        private static bool NamesIds(string name) => name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_ids", StringComparison.Ordinal);

        public override string ToString() => $"{Operation} {(InQuery ? "?" : string.Empty)}{Name}";
    }
}

public sealed class ForeignIdsInRequestsTestsOnSqlite(SqliteChatServer server) : ForeignIdsInRequestsTests(server), IClassFixture<SqliteChatServer>;

public sealed class ForeignIdsInRequestsTestsOnPostgres(PostgresChatServer server) : ForeignIdsInRequestsTests(server), IClassFixture<PostgresChatServer>;
