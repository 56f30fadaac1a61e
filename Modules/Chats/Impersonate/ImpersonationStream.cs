using System.Reflection;
using System.Text.Json.Nodes;
using KissChat.Chats.Prompt;
using KissChat.Chats.Replies;
using KissChat.Chats.Streaming;
using KissChat.Inference.Contracts;
using KissChat.Jobs.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KissChat.Chats.Impersonate;

// These records only describe the impersonation's frames in the API document.
internal sealed record ImpersonationConnectedFrame(string Status);

/// <param name="Response">The user's message as the model wrote it, trimmed: the client puts it where the user writes, to edit and send.</param>
/// <param name="Reasoning">A thinking model's reasoning for it, when it gave some.</param>
/// <param name="FinishReason">Present when the message was cut short: <c>length</c> or <c>content_filter</c>.</param>
internal sealed record ImpersonationCompletedFrame(string Status, string Response, string? Reasoning, ReplyUsage? Usage, string? FinishReason);

/// <summary>What an impersonation cost, to give back if it gives the user nothing.</summary>
internal sealed record ImpersonationCharge(Guid UserId, Guid ChatId, int Coins);

/// <summary>
/// Streams the model's version of the user's next message as it is written, in the reply's frames (<c>token</c>,
/// <c>reasoning</c>), then <c>completed</c> with the whole of it, or <c>failed</c> saying why, and <c>data: [DONE]</c>.
/// Nothing is stored, so there is nothing to resume: closing the stream stops the model.
/// </summary>
/// <param name="place">The user's open-stream place, taken by the request; given back when the stream ends, as is <paramref name="slot"/>.</param>
/// <param name="slot">The user's impersonation slot, which also says when the account is closed (the model is stopped then).</param>
internal sealed class ImpersonationStream(BuiltPrompt prompt, IDisposable place, ImpersonationSlots.Slot slot, ImpersonationCharge charge, TimeSpan keepAlive)
    : IResult, IEndpointMetadataProvider
{
    private static readonly EventStreamFrames Frames = new("ImpersonationFrame",
    [
        (JobFrames.Connected, typeof(ImpersonationConnectedFrame)),
        (JobFrames.Token, typeof(TokenFrame)),
        (JobFrames.Reasoning, typeof(ReasoningFrame)),
        (JobStatus.Completed, typeof(ImpersonationCompletedFrame)),
        (JobStatus.Failed, typeof(FailedFrame)),
    ],
    "Quiet stretches carry `: keep-alive` comments. Nothing is stored and nothing can be resumed: closing the stream stops the model.");

    private int lastId;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (place)
        using (slot)
        {
            await RunAsync(httpContext);
        }
    }

    private async Task RunAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var logger = services.GetRequiredService<ILogger<ImpersonationStream>>();
        var response = httpContext.Response;
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, slot.Closed);
        var cancellationToken = stopped.Token;
        var answer = new ModelAnswer(prompt.Settings.MaxTokens!.Value);
        string? failure = null;
        try
        {
            await ServerSentEvents.StartAsync(response, cancellationToken);
            await WriteAsync(response, new JsonObject { ["status"] = JobFrames.Connected }, cancellationToken);
            await StreamAsync(response, services.GetRequiredService<IChatClient>(), answer, cancellationToken);
        }
        catch (OperationCanceledException) when (slot.Closed.IsCancellationRequested && !httpContext.RequestAborted.IsCancellationRequested)
        {
            failure = "This account was closed.";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The user closed it: what streamed was theirs, so only an impersonation that gave nothing is given back.
            if (answer.Text.Length == 0)
            {
                await RefundAsync(services);
            }

            return;
        }
        catch (ModelProviderException exception)
        {
            logger.LogWarning("Model provider failed to impersonate the user in chat {ChatId}: {Detail}", charge.ChatId, exception.OperatorDetail ?? exception.Message);
            failure = exception.Message;
        }

        failure ??= answer.Emptiness();
        if (failure is not null)
        {
            await RefundAsync(services);
            await WriteAsync(response, new JsonObject { ["status"] = JobStatus.Failed, ["error"] = failure }, httpContext.RequestAborted);
        }
        else
        {
            await WriteAsync(response, Completed(answer), httpContext.RequestAborted);
        }

        await ServerSentEvents.WriteDoneAsync(response, ++lastId, httpContext.RequestAborted);
    }

    private async Task StreamAsync(HttpResponse response, IChatClient model, ModelAnswer answer, CancellationToken cancellationToken)
    {
        await using var pieces = answer.ReadAsync(model, prompt.Messages, GenerationRequest.Options(prompt.Settings), cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await NextAsync(pieces, response))
        {
            var (text, isReasoning) = pieces.Current;
            await WriteAsync(response, new JsonObject { ["status"] = isReasoning ? JobFrames.Reasoning : JobFrames.Token, ["delta"] = text.Replace("\0", string.Empty) }, cancellationToken);
        }
    }

    /// <summary>The next piece; a keep-alive each time the model is quiet for <c>Jobs:KeepAliveSeconds</c> (a thinking model may be, for long).</summary>
    /// <remarks>
    /// Only the pieces watch the request's token: the enumerator may not be disposed while it is still reading, so a
    /// stream that ends leaves this when the read it cancelled has ended (a keep-alive to a closed connection is a no-op).
    /// </remarks>
    private async Task<bool> NextAsync(IAsyncEnumerator<AnswerPiece> pieces, HttpResponse response)
    {
        var next = pieces.MoveNextAsync().AsTask();
        while (true)
        {
            try
            {
                return await next.WaitAsync(keepAlive);
            }
            catch (TimeoutException)
            {
                await ServerSentEvents.WriteKeepAliveAsync(response, CancellationToken.None);
            }
        }
    }

    /// <summary>The message as the user would send it: the character's scripts for a user's message have run on it, as SillyTavern's do.</summary>
    private JsonObject Completed(ModelAnswer answer)
    {
        var text = ModelAnswer.WithoutNul(answer.Text);
        var frame = new JsonObject { ["status"] = JobStatus.Completed, ["response"] = (prompt.Scripts?.Stored(text, CharacterRegex.UserInput) ?? text).Trim() };
        if (answer.Reasoning.Length > 0)
        {
            frame["reasoning"] = ModelAnswer.WithoutNul(answer.Reasoning);
        }

        answer.WriteEnding(frame);
        return frame;
    }

    private Task WriteAsync(HttpResponse response, JsonObject frame, CancellationToken cancellationToken) =>
        ServerSentEvents.WriteFrameAsync(response, ++lastId, ServerSentEvents.Utf8(frame), cancellationToken);

    /// <summary>Given back whether or not the client still listens: the coins are the user's either way.</summary>
    private async Task RefundAsync(IServiceProvider services)
    {
        if (charge.Coins == 0)
        {
            return;
        }

        var db = services.GetRequiredService<KissChatDbContext>();
        await using var write = await db.BeginWriteAsync(CancellationToken.None);
        await services.GetRequiredService<ICredits>().RefundAsync(charge.UserId, charge.Coins, charge.ChatId, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Frames.AddTo(builder);
}
