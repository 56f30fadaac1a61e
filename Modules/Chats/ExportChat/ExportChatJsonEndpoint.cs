using System.Text.Json;
using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KissChat.Chats.ExportChat;

/// <param name="Id">The chat, from the route.</param>
internal sealed record ExportChatRequest(Guid Id);

internal sealed class ExportChatJsonEndpoint(CurrentUser me, KissChatDbContext db, ChatDownloads downloads, IOptions<JsonOptions> json)
    : Endpoint<ExportChatRequest, Results<FileStreamHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/export.json");
        Group<ChatsGroup>();
        Description(b => b.WithName("ExportChatJson").Produces<ExportedChat>(StatusCodes.Status200OK, "application/json").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Download a chat with every message and swipe as JSON.");
    }

    public override async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExecuteAsync(ExportChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        // The API's own JSON conventions (snake_case), so an export reads like the API's responses.
        return await downloads.SendAsync(chat, "json", "application/json", (export, file, token) => JsonSerializer.SerializeAsync(file, export, json.Value.SerializerOptions, token), ct);
    }
}
