using System.Net;
using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Hardening;

/// <summary>
/// The query parameters the OpenAPI document lists are the ones the endpoints read, under the same names: each one but
/// free text, sent a value it cannot hold, is refused with a field error named as documented. A parameter the endpoint
/// reads under another name (a property bound by its C# name, <c>characterId</c>, while the document says
/// <c>character_id</c>) is ignored instead, and the request answered as if it had not been sent. Each error is said in the
/// API's words. The binding does not
/// touch the database, so one database is enough.
/// </summary>
public sealed class QueryParameterTests(SqliteChatServer server) : IClassFixture<SqliteChatServer>
{
    /// <summary>Free text: any value is one it can hold.</summary>
    private static readonly HashSet<string> FreeText = ["q", "tag", "prompt", "folder"];

    [Fact]
    public async Task EveryQueryParameterIsReadUnderItsDocumentedName()
    {
        var owned = await OwnedResources.CreateAsync(server);
        var administrator = await TestUser.AdministratorAsync(server);
        var parameters = (await ApiSurface.ReadAsync(server))
            .SelectMany(o => o.QueryParameters.Where(q => !FreeText.Contains(q.Name)).Select(q => (Operation: o, q.Name)))
            .ToList();
        var ignored = new List<string>();

        foreach (var (operation, name) in parameters)
        {
            var path = operation.PathWith(p => owned.IdFor(operation, p) ?? "x");
            var user = operation.IsAdministrators ? administrator : owned.Owner;
            using var response = await user.Client.SendAsync(new HttpRequestMessage(new HttpMethod(operation.Method), $"{path}?{name}=not-a-value"));
            var body = await response.Content.ReadAsStringAsync();
            // Said in the API's words: not FastEndpoints' "Value [x] is not valid for a [Int32] property!".
            if (response.StatusCode != HttpStatusCode.BadRequest || !NamesField(body, name) || body.Contains("property!", StringComparison.Ordinal))
            {
                ignored.Add($"{operation} ?{name}=not-a-value -> {(int)response.StatusCode} {Excerpt.Of(body)}");
            }
        }

        Assert.True(parameters.Count >= 20, $"only {parameters.Count} query parameters in the document");
        Assert.True(ignored.Count == 0, string.Join("\n", ignored));
    }

    private static bool NamesField(string body, string name) =>
        JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(name, out _);
}
