using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace KissChat.Inference.OpenAiCompatible;

/// <summary>
/// Turns a <c>&lt;think&gt;</c> block that opens a streamed reply into reasoning (<see cref="TextReasoningContent"/>), as
/// if the server had sent it as <c>reasoning_content</c>: callers keep it out of the reply, and so out of every later
/// prompt. See <see cref="ThinkTags"/>.
/// </summary>
internal sealed class ThinkTagChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var tags = new ThinkTags();
        ChatResponseUpdate? last = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            last = update;
            // Past the block (most of a reply) the update goes on untouched: this runs for every piece of every reply.
            if (!tags.Passed && update.Contents.Any(content => content is TextContent))
            {
                var (reasoning, text) = tags.Take(update.Text);
                Replace(update, reasoning, text);
            }

            yield return update;
        }

        var (heldReasoning, heldText) = tags.Flush();
        if (heldReasoning.Length > 0 || heldText.Length > 0)
        {
            var rest = new ChatResponseUpdate(ChatRole.Assistant, []) { ResponseId = last?.ResponseId, ModelId = last?.ModelId };
            Replace(rest, heldReasoning, heldText);
            yield return rest;
        }
    }

    /// <summary>The update's text contents give way to what the tags made of them; its other contents stay.</summary>
    private static void Replace(ChatResponseUpdate update, string reasoning, string text)
    {
        for (var i = update.Contents.Count - 1; i >= 0; i--)
        {
            if (update.Contents[i] is TextContent)
            {
                update.Contents.RemoveAt(i);
            }
        }

        if (reasoning.Length > 0)
        {
            update.Contents.Add(new TextReasoningContent(reasoning));
        }

        if (text.Length > 0)
        {
            update.Contents.Add(new TextContent(text));
        }
    }
}
