using System.Reflection;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace KissChat.Chats.Streaming;

/// <summary>
/// Writes a reply job's frames as Server-Sent Events, each with its <c>id:</c>, ending with <c>data: [DONE]</c>.
/// A client that disconnects only stops listening: the job carries on and can be resumed with Last-Event-ID.
/// </summary>
internal sealed class ReplyStream(IJobs jobs, JobInfo job, int after) : IResult, IEndpointMetadataProvider
{
    public static ProblemHttpResult TooManyStreams =>
        Problems.TooManyRequests("Too many open streams for this account; close one (another tab?) and try again.", TimeSpan.FromSeconds(5));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var slot = jobs.TryOpenStream(job.UserId);
        if (slot is null)
        {
            await TooManyStreams.ExecuteAsync(httpContext);
            return;
        }

        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        try
        {
            await ServerSentEvents.StartAsync(response, cancellationToken);
            await foreach (var item in jobs.ReadStreamAsync(job, after, cancellationToken))
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
