using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

internal sealed record JsonReplyScript(JsonReplyShape Shape, string Content) : ModelScript
{
    public override Task RunAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var message = new { role = "assistant", content = Content };
        object body = Shape switch
        {
            JsonReplyShape.OpenAi => new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                choices = new[] { new { index = 0, message, finish_reason = "stop" } },
            },
            JsonReplyShape.Ollama => new { model = "fake", message, done = true },
            _ => new { content = Content },
        };
        return context.Response.WriteAsJsonAsync(body, cancellationToken);
    }
}
