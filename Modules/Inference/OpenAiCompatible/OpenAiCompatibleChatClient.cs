using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// <see cref="IChatClient"/> for any OpenAI-compatible <c>/chat/completions</c> endpoint (vast.ai
/// hosts, OpenRouter). Always streams, and reports every provider failure as a
/// <see cref="ModelProviderException"/>.
/// </summary>
internal sealed class OpenAiCompatibleChatClient(InferenceOptions inference) : StreamingChatClient(
    new ChatClientMetadata(inference.Provider.ToString().ToLowerInvariant(), inference.Endpoint, inference.DefaultModel))
{
    private readonly OpenAI.Chat.ChatClient _sdk = SdkChatClientFactory.Create(inference);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? inference.DefaultModel;
        using var body = ChatCompletionRequest.Create(messages, model, options, inference);
        using var watchdog = new StreamWatchdog(inference, cancellationToken);
        var call = new ChatCompletionCall(_sdk, inference, watchdog);
        await using var pieces = call.ReadTextAsync(body).GetAsyncEnumerator(watchdog.Token);
        while (true)
        {
            string piece;
            try
            {
                if (!await pieces.MoveNextAsync())
                {
                    yield break;
                }

                piece = pieces.Current;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && call.Translate(exception) is { } failure)
            {
                throw failure;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = model };
        }
    }
}
