using System.Text.Json;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// Reads the few fields we need from provider JSON. Anything of the wrong shape throws
/// <see cref="JsonException"/>, which callers report as a malformed reply.
/// </summary>
internal static class CompletionJson
{
    /// <summary>One streamed <c>data:</c> payload: text (if any), whether the model said it was done, or an error.</summary>
    public sealed record Chunk(string? Content, bool Finished, ProviderError? Error);

    public static Chunk ParseChunk(string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = RequireObject(document.RootElement);
        var choice = Get(root, "choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0
            ? choices[0]
            : (JsonElement?)null;
        return new Chunk(
            Text(Get(Get(choice, "delta"), "content")),
            Get(choice, "finish_reason") is not null,
            Error(root));
    }

    /// <summary>
    /// A whole, non-streamed reply. Accepts the shapes the old Node worker accepted: OpenAI
    /// (<c>choices[0].message.content</c>), Ollama (<c>message.content</c>) and a bare <c>content</c>.
    /// </summary>
    public static (string? Content, ProviderError? Error) ParseReply(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = RequireObject(document.RootElement);
        var firstChoice = Get(root, "choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0
            ? choices[0]
            : (JsonElement?)null;
        var content = Text(Get(Get(firstChoice, "message"), "content"))
            ?? Text(Get(Get(root, "message"), "content"))
            ?? Text(Get(root, "content"));
        return (content, Error(root));
    }

    private static ProviderError? Error(JsonElement root) => Get(root, "error") switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => new ProviderError(text.GetString()!, null),
        { ValueKind: JsonValueKind.Object } error => new ProviderError(
            Text(Get(error, "message")) ?? error.GetRawText(),
            Get(error, "code") is { ValueKind: JsonValueKind.Number } code && code.TryGetInt32(out var value) ? value : null),
        { } other => new ProviderError(other.GetRawText(), null),
    };

    private static JsonElement RequireObject(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new JsonException("Expected a JSON object.");

    private static JsonElement? Get(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    private static string? Text(JsonElement? element) => element switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        _ => throw new JsonException("Expected message content to be a string."),
    };
}
