using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>
/// Every operation of the OpenAPI document, hit with malformed JSON, wrong types, missing and oversized fields,
/// unicode edge cases and hostile ids, with and without a session. Nothing may answer 5xx or show a stack
/// trace, and a rejected request must leave the database exactly as it was.
/// </summary>
public abstract class ApiFuzzTests(ChatServer server)
{
    private static readonly string[] HostileIds =
        [Guid.NewGuid().ToString(), "not-a-uuid", "..%2F..%2Fetc%2Fpasswd", new string('9', 3000), "%F0%9F%92%A5", "-1", "%00"];

    private static readonly string[] MalformedBodies =
        ["{", "[1,2", "null", "\"text\"", "{\"a\":}", "{\"x\": 1} trailing", "\uFEFF{}"];

    private static readonly string[] UnicodeEdgeCases =
        ["\"nul \\u0000 here\"", "\"lone \\ud800 surrogate\"", "\"rtl \\u202e override\"", "\"emoji 😀👩‍👩‍👧 four-byte\"", "\"\\udc00\\ud800 reversed\""];

    [Fact]
    public async Task NoOperationAnswers5xxLeaksAStackTraceOrChangesDataWhenItRejects()
    {
        var owned = await OwnedResources.CreateAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var operations = await ApiSurface.ReadAsync(server);
        Assert.True(operations.Count > 20, $"only {operations.Count} operations in the document");
        var failures = new List<string>();
        var sent = 0;

        foreach (var operation in operations)
        {
            foreach (var (path, client, body) in Cases(operation, owned, stranger))
            {
                sent++;
                var failure = await SendAsync(operation, path, client, body);
                if (failure is not null)
                {
                    failures.Add(failure);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
        Assert.True(sent > 500, $"only {sent} requests were sent");
    }

    private IEnumerable<(string Path, HttpClient Client, string? Body)> Cases(ApiOperation operation, OwnedResources owned, TestUser stranger)
    {
        var anonymous = NewClient();
        var ownerBearer = Bearer(owned.Owner);
        var strangerBearer = Bearer(stranger);
        var ownPath = operation.PathWith(p => owned.IdFor(operation, p) ?? Guid.NewGuid().ToString());

        foreach (var hostile in HostileIds.Where(_ => operation.PathParameters.Count > 0))
        {
            yield return (operation.PathWith(_ => hostile), strangerBearer, operation.TakesJson ? "{}" : null);
        }

        yield return (ownPath, anonymous, operation.TakesJson ? "{}" : null);
        yield return (ownPath, strangerBearer, operation.TakesJson ? "{}" : null);
        if (!operation.TakesJson || operation.Method == "DELETE")
        {
            yield break;
        }

        foreach (var malformed in MalformedBodies)
        {
            yield return (ownPath, ownerBearer, malformed);
        }

        yield return (ownPath, ownerBearer, "{}");
        foreach (var (name, type) in operation.JsonFields)
        {
            foreach (var wrong in WrongTypes(type))
            {
                yield return (ownPath, ownerBearer, $"{{\"{name}\": {wrong}}}");
            }

            if (type == "string")
            {
                yield return (ownPath, ownerBearer, $"{{\"{name}\": \"{new string('x', 300_000)}\"}}");
                foreach (var text in UnicodeEdgeCases)
                {
                    yield return (ownPath, ownerBearer, $"{{\"{name}\": {text}}}");
                }
            }
        }
    }

    private async Task<string?> SendAsync(ApiOperation operation, string path, HttpClient client, string? body)
    {
        var before = await DatabaseFingerprint.TakeAsync(server);
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var text = await Sse.ReadBodyAsync(response);
        var label = $"{operation} as {path} with {Excerpt.Of(body)} -> {(int)response.StatusCode}";
        if ((int)response.StatusCode >= 500)
        {
            return $"{label}: server error {Excerpt.Of(text)}";
        }

        if (text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
        {
            return $"{label}: internals in the body {Excerpt.Of(text)}";
        }

        if ((int)response.StatusCode >= 400 && await DatabaseFingerprint.TakeAsync(server) != before)
        {
            return $"{label}: rejected, yet the database changed";
        }

        return null;
    }

    private HttpClient Bearer(TestUser user)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return client;
    }

    /// <summary>Redirects (the OAuth callback's, to the frontend) are answers to check, not to follow.</summary>
    private HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private static IEnumerable<string> WrongTypes(string type) => type switch
    {
        "string" => ["42", "true", "{}", "[\"a\"]"],
        "integer" or "number" => ["\"seven\"", "1e400", "9999999999999999999999", "[]", "2.5"],
        "boolean" => ["\"yes\"", "1", "{}"],
        "array" => ["\"tag\"", "{}", "[1, {}]", "[null]"],
        _ => ["\"text\"", "[]", "12"],
    };

}

public sealed class ApiFuzzTestsOnSqlite(SqliteChatServer server) : ApiFuzzTests(server), IClassFixture<SqliteChatServer>;

public sealed class ApiFuzzTestsOnPostgres(PostgresChatServer server) : ApiFuzzTests(server), IClassFixture<PostgresChatServer>;
