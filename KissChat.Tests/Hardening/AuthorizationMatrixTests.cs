using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>
/// For every route that takes an id, user B aimed at user A's resource gets 403 or 404, none of A's data, and
/// changes nothing. Routes come from the OpenAPI document, so a new route is in the matrix the day it is added.
/// </summary>
public abstract class AuthorizationMatrixTests(ChatServer server)
{
    /// <summary>
    /// Ids that name no owned resource: providers, avatar files (public by design, 128-bit random names) and usernames
    /// (creator pages are public by design).
    /// </summary>
    private static readonly HashSet<string> NotOwned = ["provider", "file", "username"];

    [Fact]
    public async Task AnotherUserGetsNoneOfMyResourcesThroughAnyRoute()
    {
        var owned = await OwnedResources.CreateAsync(server);
        var stranger = await TestUser.SignUpAsync(server);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stranger.AccessToken);
        var routes = (await ApiSurface.ReadAsync(server)).Where(o => o.PathParameters.Except(NotOwned).Any()).ToList();
        var before = await DatabaseFingerprint.TakeAsync(server);
        var leaks = new List<string>();

        foreach (var route in routes)
        {
            var unknown = route.PathParameters.FirstOrDefault(p => !NotOwned.Contains(p) && owned.IdFor(route, p) is null);
            Assert.True(unknown is null, $"{route}: the matrix does not know whose resource '{{{unknown}}}' is; teach OwnedResources.IdFor");
            var path = route.PathWith(name => owned.IdFor(route, name) ?? "x");
            var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
            if (route.TakesJson)
            {
                request.Content = new StringContent(Body(route), Encoding.UTF8, "application/json");
            }
            else if (route.TakesUpload)
            {
                request.Content = Characters.TestImages.Form(Characters.TestImages.Png);
            }

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound) || body.Contains(owned.Secret, StringComparison.Ordinal))
            {
                leaks.Add($"{route} -> {(int)response.StatusCode} {Excerpt.Of(body)}");
            }
        }

        Assert.True(routes.Count >= 15, $"only {routes.Count} routes take an id");
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.Equal(before, await DatabaseFingerprint.TakeAsync(server));
    }

    /// <summary>A body that would be valid for the owner, so only ownership can stop it.</summary>
    private static string Body(ApiOperation route) =>
        "{" + string.Join(",", route.JsonFields.Select(f => $"\"{f.Name}\": {Valid(f.Name, f.Type)}")) + "}";

    private static string Valid(string name, string type) => (name, type) switch
    {
        ("visibility", _) => "\"public\"",
        ("index", _) => "0",
        ("max_tokens", _) => "10",
        ("temperature", _) => "0.5",
        ("model", _) => "null",
        ("avatar_url", _) => "\"/static/default-avatar.svg\"",
        ("age", _) => "30",
        ("birth_date", _) => "\"1990-01-01\"",
        ("definition_visibility", _) => "\"public\"",
        ("reason", _) => "\"spam\"",
        ("role", _) => "\"narrator\"",
        ("description_position", _) => "\"at_depth\"",
        ("description_role", _) => "\"user\"",
        ("reasoning_effort", _) => "\"low\"",
        ("group", _) => "{}",
        (_, "string") when name.EndsWith("_id", StringComparison.Ordinal) => $"\"{Guid.NewGuid()}\"",
        (_, "string") => "\"stolen\"",
        (_, "integer" or "number") => "1",
        (_, "boolean") => "true",
        (_, "array") => "[]",
        _ => "null",
    };
}

public sealed class AuthorizationMatrixTestsOnSqlite(SqliteChatServer server) : AuthorizationMatrixTests(server), IClassFixture<SqliteChatServer>;

public sealed class AuthorizationMatrixTestsOnPostgres(PostgresChatServer server) : AuthorizationMatrixTests(server), IClassFixture<PostgresChatServer>;
