using FluentValidation;
using KissChat.Chats.ActiveGeneration;
using KissChat.Characters.Contracts;
using KissChat.Chats.Echo;
using KissChat.Chats.Export;
using KissChat.Chats.ListChats;
using KissChat.Chats.ManageChat;
using KissChat.Chats.Messages;
using KissChat.Chats.Regenerate;
using KissChat.Chats.Stop;
using KissChat.Chats.NewChat;
using KissChat.Chats.Replies;
using KissChat.Chats.SendMessage;
using KissChat.Chats.StreamReply;
using KissChat.Jobs;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
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
        // One validator serves every request that carries the generation overrides.
        services.AddSingleton<IValidator<ReplyOverridesRequest>>(provider => provider.GetRequiredService<IValidator<IReplyOverrides>>());
        services.AddScoped<ChatWrites>();
        services.AddScoped<ICharacterRemovalListener, OwnChatsGoWithTheCharacter>();
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
            .RequireRateLimiting(RateLimits.Generation)
            .WithSummary("Send a message; the reply streams back as SSE frames (connected, processing, token…, completed|failed, [DONE]).")
            .Validate<SendMessageRequest>();
        chats.MapGet("/stream/{jobId}", StreamReplyEndpoint.Handle)
            .WithName("StreamReply")
            .WithSummary("Resume or replay a reply's SSE stream after Last-Event-ID.");
        chats.MapGet("/list", ListChatsEndpoint.Handle)
            .WithName("ListChats")
            .WithSummary("My chats with character name, avatar and last message, most recent first (cursor-paginated; character_id filters).");
        chats.MapGet("/{id}/export.json", ExportChatEndpoint.Json)
            .WithName("ExportChatJson")
            .WithSummary("Download a chat with every message and swipe as JSON.");
        chats.MapGet("/{id}/export.md", ExportChatEndpoint.Markdown)
            .WithName("ExportChatMarkdown")
            .WithSummary("Download a chat as a readable Markdown transcript.");
        chats.MapPost("/stop/{jobId}", StopEndpoint.Stop)
            .WithName("StopGeneration")
            .WithSummary("Stop a running generation; the text so far is kept, marked stopped.");
        chats.MapGet("/{id}/active", ActiveGenerationEndpoint.Handle)
            .WithName("GetActiveGeneration")
            .WithSummary("The generation running in a chat, if any, and where to resume its stream.");
        chats.MapPatch("/{id}", RenameChatEndpoint.Handle)
            .WithName("RenameChat")
            .WithSummary("Rename a chat.")
            .Validate<RenameChatRequest>();
        chats.MapDelete("/{id}", DeleteChatEndpoint.Handle)
            .WithName("DeleteChat")
            .WithSummary("Delete a chat and its messages.");
        chats.MapGet("/{id}/messages", ListMessagesEndpoint.Handle)
            .WithName("ListMessages")
            .WithSummary("A page of messages with their swipes (newest page by default; before/after cursors).");
        chats.MapPatch("/{id}/messages/{messageId}", EditMessageEndpoint.Handle)
            .WithName("EditMessage")
            .WithSummary("Edit a user or assistant message.")
            .Validate<EditMessageRequest>();
        chats.MapDelete("/{id}/messages/{messageId}", DeleteMessagesEndpoint.Handle)
            .WithName("DeleteMessagesFrom")
            .WithSummary("Delete a message and everything after it.");
        chats.MapPut("/{id}/messages/{messageId}/swipe", SelectSwipeEndpoint.Handle)
            .WithName("SelectSwipe")
            .WithSummary("Switch an assistant message to another of its alternatives.")
            .Validate<SelectSwipeRequest>();
        chats.MapPost("/{id}/regenerate", RegenerateEndpoint.Regenerate)
            .WithName("RegenerateReply")
            .RequireRateLimiting(RateLimits.Generation)
            .WithSummary("Regenerate the last reply as a new swipe; streams like /chat/response.")
            .Validate<ReplyOverridesRequest>();
        chats.MapPost("/{id}/continue", RegenerateEndpoint.Continue)
            .WithName("ContinueReply")
            .RequireRateLimiting(RateLimits.Generation)
            .WithSummary("Extend the last reply; streams like /chat/response.")
            .Validate<ReplyOverridesRequest>();

        routes.MapGroup("/api/v1/test").WithTags("Test")
            .MapPost("/echo", EchoEndpoint.Handle)
            .WithName("Echo")
            .WithSummary("SSE smoke test: streams the message back.")
            .Validate<EchoRequest>();
        return routes;
    }
}
