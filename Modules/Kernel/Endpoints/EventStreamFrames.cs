using Microsoft.AspNetCore.Http.Metadata;

namespace KissChat.Kernel.Endpoints;

/// <summary>
/// Documents a Server-Sent Events answer: its events carry JSON frames, each one of <paramref name="Frames"/> told
/// apart by its <c>status</c>; the API document shows them as the one schema <paramref name="Name"/>. The frames
/// are only a description: the stream itself is written by <c>ServerSentEvents</c>.
/// </summary>
/// <param name="Frames">Each frame's <c>status</c> value and the record that describes its members.</param>
/// <param name="Note">What else a client should know about this stream.</param>
public sealed record EventStreamFrames(string Name, IReadOnlyList<(string Status, Type Frame)> Frames, string? Note = null)
{
    public const string ContentType = "text/event-stream";

    public string Description =>
        "Server-Sent Events. Every event is `id: N\\ndata: <json>\\n\\n`, N counting up from 1, its JSON one of these " +
        "frames told apart by `status`; the last event is `id: N\\ndata: [DONE]\\n\\n`." + (Note is null ? string.Empty : " " + Note);

    /// <summary>Adds this description and the 200 <c>text/event-stream</c> answer to an endpoint.</summary>
    public void AddTo(EndpointBuilder builder)
    {
        builder.Metadata.Add(this);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [ContentType]));
    }
}
