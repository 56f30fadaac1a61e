using KissChat.Chats.Echo;
using KissChat.Chats.NewChat;
using KissChat.Chats.Replies;
using KissChat.Chats.SendMessage;
using KissChat.Chats.StreamReply;
using KissChat.Jobs;
using KissChat.Kernel.Database;
using KissChat.Kernel.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KissChat.Chats;

public static class ChatsModule
{
    public static IServiceCollection AddChats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new ModuleModel(typeof(ChatsModule).Assembly));
        services.AddSingleton(ChatsOptions.From(configuration));
        services.AddValidatorsOf(typeof(ChatsModule).Assembly);
        services.AddJobHandler<ChatReplyHandler>(ChatReplyHandler.Kind);
        return services;
    }

    public static IEndpointRouteBuilder MapChats(this IEndpointRouteBuilder routes)
    {
        var chats = routes.MapGroup("/api/v1/chat").WithTags("Chats").RequireAuthorization();
        chats.MapPost("/new", NewChatEndpoint.Handle)
            .WithName("NewChat")
            .WithSummary("Start a chat with a character: its system prompt and greeting come first.")
            .Validate<NewChatRequest>();
        chats.MapPost("/response", SendMessageEndpoint.Handle)
            .WithName("SendMessage")
            .WithSummary("Send a message; the reply streams back as SSE frames (connected, processing, token…, completed|failed, [DONE]).")
            .Validate<SendMessageRequest>();
        chats.MapGet("/stream/{jobId}", StreamReplyEndpoint.Handle)
            .WithName("StreamReply")
            .WithSummary("Resume or replay a reply's SSE stream after Last-Event-ID.");

        routes.MapGroup("/api/v1/test").WithTags("Test")
            .MapPost("/echo", EchoEndpoint.Handle)
            .WithName("Echo")
            .WithSummary("SSE smoke test: streams the message back.")
            .Validate<EchoRequest>();
        return routes;
    }
}
