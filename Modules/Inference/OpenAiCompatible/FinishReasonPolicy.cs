using System.ClientModel.Primitives;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>Puts <see cref="RewrittenEventStream"/> between a streamed reply and the SDK (see <see cref="FinishReasons"/>).</summary>
internal sealed class FinishReasonPolicy : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Rewrite(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        Rewrite(message);
    }

    private static void Rewrite(PipelineMessage message)
    {
        if (!message.BufferResponse
            && message.Response is { IsError: false, ContentStream: { } events } response
            && response.Headers.TryGetValue("Content-Type", out var type)
            && type?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
        {
            response.ContentStream = new RewrittenEventStream(events);
        }
    }
}
