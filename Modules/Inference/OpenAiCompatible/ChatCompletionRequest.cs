using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// The JSON body of <c>POST /chat/completions</c>. Written by hand rather than through the SDK's typed
/// options because we send it via the protocol method, which is the only way to read the raw stream.
/// </summary>
internal static class ChatCompletionRequest
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static BinaryContent Create(IEnumerable<ChatMessage> messages, string model, ChatOptions? chatOptions, InferenceOptions defaults)
    {
        var body = new Body(
            model,
            [.. messages.Select(m => new Message(m.Role.Value, m.Text))],
            Stream: true,
            chatOptions?.MaxOutputTokens ?? defaults.MaxTokens,
            chatOptions?.Temperature ?? defaults.Temperature);
        return BinaryContent.Create(BinaryData.FromObjectAsJson(body, Json));
    }

    private sealed record Body(string Model, IReadOnlyList<Message> Messages, bool Stream, int MaxTokens, float Temperature);

    private sealed record Message(string Role, string Content);
}
