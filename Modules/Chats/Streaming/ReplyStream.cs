using System.Reflection;
using System.Text.Json;
using KissChat.Chats.Replies;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace KissChat.Chats.Streaming;

/// <summary>
/// Writes a reply job's frames as Server-Sent Events, each with its <c>id:</c>, ending with <c>data: [DONE]</c>; a group
/// reply's first frames name its speaker (<see cref="ReplyPayload.Opening"/>).
/// A client that disconnects only stops listening: the job carries on and can be resumed with Last-Event-ID. It holds
/// nothing of the request's scope: what the request stored was stored in a scope that ended before the stream began
/// (<see cref="ReplyStarts"/>).
/// </summary>
/// <param name="slot">The user's open-stream place, when the request already took it; otherwise the stream takes one.</param>
/// <param name="answeredAgain">A request sent again with its Idempotency-Key: said in an <c>Idempotent-Replayed</c> header.</param>
internal sealed class ReplyStream(IJobStreams streams, JobInfo job, int after, IDisposable? slot = null, bool answeredAgain = false) : IResult, IEndpointMetadataProvider
{
    public static ProblemHttpResult TooManyStreams =>
        Problems.TooManyRequests("Too many open streams for this account; close one (another tab?) and try again.", TimeSpan.FromSeconds(5));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var place = slot ?? streams.TryOpen(job.UserId);
        if (place is null)
        {
            await TooManyStreams.ExecuteAsync(httpContext);
            return;
        }

        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        if (answeredAgain)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }

        try
        {
            await ServerSentEvents.StartAsync(response, cancellationToken);
            await foreach (var item in streams.ReadAsync(job, after, JsonSerializer.Deserialize<ReplyPayload>(job.Payload)!.Opening(), cancellationToken))
            {
                await (item.Kind switch
                {
                    JobStreamItemKind.KeepAlive => ServerSentEvents.WriteKeepAliveAsync(response, cancellationToken),
                    JobStreamItemKind.Done => ServerSentEvents.WriteDoneAsync(response, item.Id, cancellationToken),
                    _ => ServerSentEvents.WriteFrameAsync(response, item.Id, item.Data, cancellationToken),
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the generation goes on.
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => ReplyFrames.Stream.AddTo(builder);
}
