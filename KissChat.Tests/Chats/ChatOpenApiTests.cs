using System.Text.Json;
using KissChat.Tests.Infrastructure;

namespace KissChat.Tests.Chats;

/// <summary>The chat routes keep their operation ids and parameter names; the streams document each frame they send.</summary>
public sealed class ChatOpenApiTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    private static readonly string[] ReplyFrames = ["connected", "processing", "token", "reasoning", "completed", "failed", "stopped"];

    [Theory]
    [InlineData("/api/v1/chat/new", "post", "NewChat")]
    [InlineData("/api/v1/chat/response", "post", "SendMessage")]
    [InlineData("/api/v1/chat/stream/{jobId}", "get", "StreamReply")]
    [InlineData("/api/v1/chat/stop/{jobId}", "post", "StopGeneration")]
    [InlineData("/api/v1/chat/list", "get", "ListChats")]
    [InlineData("/api/v1/chat/{id}/active", "get", "GetActiveGeneration")]
    [InlineData("/api/v1/chat/{id}", "patch", "RenameChat")]
    [InlineData("/api/v1/chat/{id}", "delete", "DeleteChat")]
    [InlineData("/api/v1/chat/{id}/messages", "get", "ListMessages")]
    [InlineData("/api/v1/chat/{id}/messages/{messageId}", "patch", "EditMessage")]
    [InlineData("/api/v1/chat/{id}/messages/{messageId}", "delete", "DeleteMessagesFrom")]
    [InlineData("/api/v1/chat/{id}/messages/{messageId}/swipe", "put", "SelectSwipe")]
    [InlineData("/api/v1/chat/{id}/regenerate", "post", "RegenerateReply")]
    [InlineData("/api/v1/chat/{id}/continue", "post", "ContinueReply")]
    [InlineData("/api/v1/chat/{id}/impersonate", "post", "Impersonate")]
    [InlineData("/api/v1/chat/{id}/export.json", "get", "ExportChatJson")]
    [InlineData("/api/v1/chat/{id}/export.md", "get", "ExportChatMarkdown")]
    [InlineData("/api/v1/chat/{id}/export.jsonl", "get", "ExportChatJsonl")]
    [InlineData("/api/v1/chat/import", "post", "ImportChat")]
    [InlineData("/api/v1/chat/{id}/branch", "post", "BranchChat")]
    [InlineData("/api/v1/job/status/{jobId}", "get", "GetJobStatus")]
    [InlineData("/api/v1/test/echo", "post", "Echo")]
    public async Task EachRouteKeepsItsOperationIdAndParameterNames(string path, string method, string operationId)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        var inPath = operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString())
            : [];
        Assert.Equal(System.Text.RegularExpressions.Regex.Matches(path, @"\{(\w+)\}").Select(m => m.Groups[1].Value), inPath);
    }

    [Theory]
    [InlineData("/api/v1/chat/response", "post")]
    [InlineData("/api/v1/chat/stream/{jobId}", "get")]
    [InlineData("/api/v1/chat/{id}/regenerate", "post")]
    [InlineData("/api/v1/chat/{id}/continue", "post")]
    public async Task ReplyStreamsDocumentEveryFrameAsATaggedUnion(string path, string method)
    {
        var document = await DocumentAsync();
        var ok = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty("200");

        var union = Resolve(document, ok.GetProperty("content").GetProperty("text/event-stream").GetProperty("schema"));

        Assert.Contains("data: [DONE]", ok.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("status", union.GetProperty("discriminator").GetProperty("propertyName").GetString());
        var frames = union.GetProperty("oneOf").EnumerateArray().Select(f => Resolve(document, f)).ToList();
        Assert.Equal(ReplyFrames, frames.Select(f => f.GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Single().GetString()));
        Assert.True(frames[4].GetProperty("properties").TryGetProperty("chatHistory", out _), frames[4].ToString());
        Assert.True(frames[4].GetProperty("properties").TryGetProperty("reasoning", out _), frames[4].ToString());
        Assert.True(frames[2].GetProperty("properties").TryGetProperty("delta", out _), frames[2].ToString());
        Assert.True(frames[3].GetProperty("properties").TryGetProperty("delta", out _), frames[3].ToString());
    }

    [Fact]
    public async Task TheEchoStreamDocumentsItsOwnFrames()
    {
        var document = await DocumentAsync();
        var ok = document.GetProperty("paths").GetProperty("/api/v1/test/echo").GetProperty("post").GetProperty("responses").GetProperty("200");

        var union = Resolve(document, ok.GetProperty("content").GetProperty("text/event-stream").GetProperty("schema"));

        var statuses = union.GetProperty("oneOf").EnumerateArray()
            .Select(f => Resolve(document, f).GetProperty("properties").GetProperty("status").GetProperty("enum")[0].GetString());
        Assert.Equal(["connected", "echo"], statuses);
    }

    [Fact]
    public async Task TheImpersonationStreamDocumentsItsOwnFrames()
    {
        var document = await DocumentAsync();
        var ok = document.GetProperty("paths").GetProperty("/api/v1/chat/{id}/impersonate").GetProperty("post").GetProperty("responses").GetProperty("200");

        var union = Resolve(document, ok.GetProperty("content").GetProperty("text/event-stream").GetProperty("schema"));

        var frames = union.GetProperty("oneOf").EnumerateArray().Select(f => Resolve(document, f)).ToList();
        Assert.Equal(
            ["connected", "token", "reasoning", "completed", "failed"],
            frames.Select(f => f.GetProperty("properties").GetProperty("status").GetProperty("enum")[0].GetString()));
        Assert.True(frames[3].GetProperty("properties").TryGetProperty("response", out _), frames[3].ToString());
        Assert.False(frames[3].GetProperty("properties").TryGetProperty("chatHistory", out _), frames[3].ToString());
    }

    [Theory]
    [InlineData("/api/v1/chat/{id}/regenerate")]
    [InlineData("/api/v1/chat/{id}/continue")]
    public async Task RegenerateAndContinueDocumentAnOptionalOverridesBody(string path)
    {
        var document = await DocumentAsync();
        var body = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody");

        var schema = Resolve(document, body.GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        Assert.False(body.TryGetProperty("required", out var required) && required.GetBoolean(), body.ToString());
        Assert.Equal(
            ["history", "model", "max_tokens", "temperature", "top_p", "top_k", "min_p", "frequency_penalty", "presence_penalty", "repetition_penalty", "stop", "seed", "reasoning_effort", "character_id"],
            schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("/api/v1/chat/response")]
    [InlineData("/api/v1/chat/{id}/regenerate")]
    [InlineData("/api/v1/chat/{id}/continue")]
    public async Task ReplyStartsDocumentTheirOptionalIdempotencyKeyHeaderOutsideTheBody(string path)
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty("post");

        var header = Assert.Single(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("in").GetString() == "header");
        Assert.Equal("idempotency-key", header.GetProperty("name").GetString(), ignoreCase: true);
        Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean());
        var schema = Resolve(document, operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.DoesNotContain(schema.GetProperty("properties").EnumerateObject(), p => p.Name.Contains("idempotency", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<JsonElement> DocumentAsync() =>
        await (await server.CreateClient().GetAsync("/openapi/v1.json")).AssertOkJsonAsync();

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
}
