using System.Text.Json.Serialization;
using KissChat.Chats.Prompt;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Endpoints;

namespace KissChat.Chats.Streaming;

// These records only describe a reply's frames in the API document; the frames themselves are the JSON the job and
// the reply handler write (JobFrames, ChatReplyHandler).

/// <param name="CharacterId">In a group chat, the character who speaks: known from the first frame, not only the last.</param>
internal sealed record ConnectedFrame(string Status, [property: JsonPropertyName("jobId")] Guid JobId, Guid? CharacterId);

/// <param name="CharacterId">In a group chat, the character who speaks.</param>
internal sealed record ProcessingFrame(string Status, [property: JsonPropertyName("jobId")] Guid JobId, Guid? CharacterId);

/// <param name="Delta">The next piece of the reply's text.</param>
internal sealed record TokenFrame(string Status, string Delta);

/// <param name="Delta">The next piece of a thinking model's reasoning: shown beside the reply, never part of its text.</param>
internal sealed record ReasoningFrame(string Status, string Delta);

/// <summary>The tokens the provider counted for the reply.</summary>
internal sealed record ReplyUsage(int PromptTokens, int CompletionTokens);

/// <param name="ChatHistory">Every message of the chat up to and including the reply (or the last ones, as the request's <c>history</c> asked).</param>
/// <param name="Usage">Present when the provider reported its token counts.</param>
/// <param name="Reasoning">The model's reasoning for the reply, as kept with the message; absent when it gave none.</param>
/// <param name="CharacterId">In a group chat, the character who spoke.</param>
internal sealed record CompletedFrame(
    string Status, string Response, Guid ChatId, Guid MessageId, [property: JsonPropertyName("chatHistory")] IReadOnlyList<HistoryEntry> ChatHistory, ReplyUsage? Usage,
    string? Reasoning, Guid? CharacterId);

internal sealed record FailedFrame(string Status, string Error);

/// <param name="Response">What had streamed when the user stopped it, kept as the message; absent when nothing had.</param>
/// <param name="JobId">Present when the reply was stopped before it started.</param>
/// <param name="CharacterId">In a group chat, the character who spoke, with what was kept.</param>
internal sealed record StoppedFrame(string Status, string? Response, Guid? ChatId, Guid? MessageId, [property: JsonPropertyName("jobId")] Guid? JobId, string? Reasoning, Guid? CharacterId);

internal static class ReplyFrames
{
    public static readonly EventStreamFrames Stream = new("ReplyFrame",
    [
        (JobFrames.Connected, typeof(ConnectedFrame)),
        (JobFrames.Processing, typeof(ProcessingFrame)),
        (JobFrames.Token, typeof(TokenFrame)),
        (JobFrames.Reasoning, typeof(ReasoningFrame)),
        (JobStatus.Completed, typeof(CompletedFrame)),
        (JobStatus.Failed, typeof(FailedFrame)),
        (JobStatus.Stopped, typeof(StoppedFrame)),
    ],
    "Quiet stretches carry `: keep-alive` comments. Closing the stream does not stop the reply: GET /api/v1/chat/stream/{jobId} " +
    "with Last-Event-ID set to the last id received resumes right after it.");
}
