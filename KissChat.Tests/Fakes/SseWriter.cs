using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

/// <summary>Writes OpenAI-style server-sent events, flushing each one so the client sees it at once.</summary>
internal sealed class SseWriter
{
    private const string ChunkId = "chatcmpl-fake";
    private readonly HttpResponse _response;
    private readonly string? _model;
    private readonly CancellationToken _cancellationToken;

    private SseWriter(HttpResponse response, string? model, CancellationToken cancellationToken)
    {
        _response = response;
        _model = model;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Sends the headers plus a keep-alive comment, as OpenRouter does while a model warms up.</summary>
    public static async Task<SseWriter> StartAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        // Real servers name the model that answers in every chunk.
        var model = (context.Items[typeof(RecordedRequest)] as RecordedRequest)?.Model;
        var writer = new SseWriter(context.Response, model, cancellationToken);
        await writer.RawAsync(": keep-alive\n\n");
        return writer;
    }

    public Task RoleOnlyAsync() => ChoiceAsync(new { role = "assistant", content = "" }, finishReason: null);

    public Task ContentAsync(string text) => ChoiceAsync(new { content = text }, finishReason: null);

    /// <summary>A thinking model's chunk: its reasoning under <paramref name="field"/> (OpenRouter and Ollama: <c>reasoning</c>; vLLM and DeepSeek: <c>reasoning_content</c>), no content.</summary>
    public Task ReasoningAsync(string field, string thought) => ChoiceAsync(new Dictionary<string, object?> { [field] = thought, ["content"] = null }, finishReason: null);

    public Task FinishAsync() => ChoiceAsync(new { }, finishReason: "stop");

    /// <summary>The usage-only chunk providers send last when asked for token counts: no choices at all.</summary>
    public Task UsageAsync() => DataAsync(JsonSerializer.Serialize(new
    {
        id = ChunkId,
        @object = "chat.completion.chunk",
        model = _model,
        choices = Array.Empty<object>(),
        usage = new { prompt_tokens = 12, completion_tokens = 5, total_tokens = 17 },
    }));

    public Task DoneAsync() => DataAsync("[DONE]");

    public Task DataAsync(string data) => RawAsync($"data: {data}\n\n");

    private Task ChoiceAsync(object delta, string? finishReason) => DataAsync(JsonSerializer.Serialize(new
    {
        id = ChunkId,
        @object = "chat.completion.chunk",
        model = _model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    }));

    public async Task RawAsync(string frame)
    {
        await _response.WriteAsync(frame, _cancellationToken);
        await _response.Body.FlushAsync(_cancellationToken);
    }
}
