using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

public sealed record RecordedMessage(string Role, string Content);

/// <summary>What the fake model server saw in one <c>POST /v1/chat/completions</c>; <see cref="Body"/> is all of it.</summary>
/// <param name="Protocol">The HTTP version it came in, e.g. <c>HTTP/2</c>.</param>
/// <param name="ConnectionId">Kestrel's id of the connection it came on: requests that share one have the same.</param>
public sealed record RecordedRequest(
    string? Model,
    IReadOnlyList<RecordedMessage> Messages,
    int? MaxTokens,
    double? Temperature,
    bool? Stream,
    string? Authorization,
    string Protocol,
    string ConnectionId,
    JsonElement Body)
{
    public static async Task<RecordedRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var root = document.RootElement;
        var messages = root.TryGetProperty("messages", out var list)
            ? list.EnumerateArray()
                .Select(m => new RecordedMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))
                .ToList()
            : [];
        var authorization = request.Headers.Authorization.ToString();
        return new RecordedRequest(
            root.TryGetProperty("model", out var model) ? model.GetString() : null,
            messages,
            root.TryGetProperty("max_tokens", out var maxTokens) ? maxTokens.GetInt32() : null,
            root.TryGetProperty("temperature", out var temperature) ? temperature.GetDouble() : null,
            root.TryGetProperty("stream", out var stream) ? stream.GetBoolean() : null,
            authorization.Length > 0 ? authorization : null,
            request.Protocol,
            request.HttpContext.Connection.Id,
            root.Clone());
    }
}
