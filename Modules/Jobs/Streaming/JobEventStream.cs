using System.Reflection;
using System.Text.Json.Nodes;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Jobs.Streaming;

/// <summary>
/// Writes a job's frames as Server-Sent Events, each with its <c>id:</c>, ending with <c>data: [DONE]</c>.
/// A client that disconnects only stops listening: the job carries on.
/// </summary>
public sealed class JobEventStream : IResult, IEndpointMetadataProvider
{
    private readonly JobInfo job;
    private readonly int after;

    internal JobEventStream(JobInfo job, int after)
    {
        this.job = job;
        this.after = after;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var slots = services.GetRequiredService<StreamSlots>();
        if (!slots.TryAcquire(job.UserId))
        {
            await TooManyStreams.ExecuteAsync(httpContext);
            return;
        }

        try
        {
            await WriteAsync(httpContext);
        }
        finally
        {
            slots.Release(job.UserId);
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));

    public static ProblemHttpResult TooManyStreams =>
        Problems.TooManyRequests("Too many open streams for this account; close one (another tab?) and try again.", TimeSpan.FromSeconds(5));

    private async Task WriteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var services = httpContext.RequestServices;
        var reader = services.GetRequiredService<JobEventReader>();
        var handler = services.GetRequiredKeyedService<IJobHandler>(job.Kind);
        var cancellationToken = httpContext.RequestAborted;
        try
        {
            await ServerSentEvents.StartAsync(response, cancellationToken);
            await foreach (var item in reader.ReadAsync(job.Id, after, cancellationToken))
            {
                await (item.Kind switch
                {
                    StreamItemKind.KeepAlive => ServerSentEvents.WriteKeepAliveAsync(response, cancellationToken),
                    StreamItemKind.Done => ServerSentEvents.WriteDoneAsync(response, item.Seq, cancellationToken),
                    _ => ServerSentEvents.WriteFrameAsync(response, item.Seq, await RenderAsync(handler, item, cancellationToken), cancellationToken),
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; the generation goes on and can be resumed with Last-Event-ID.
        }
    }

    private async Task<string> RenderAsync(IJobHandler handler, StreamItem item, CancellationToken cancellationToken)
    {
        if (item.Type != JobStatus.Completed)
        {
            return item.Data;
        }

        var frame = JsonNode.Parse(item.Data)!.AsObject();
        return JobFrames.ToJson(await handler.ExpandResultAsync(job, frame, cancellationToken));
    }
}
