using System.Text.Json;
using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KissChat.Chats.ExportChat;

/// <param name="Id">The chat, from the route.</param>
internal sealed record ExportChatRequest(Guid Id);

internal sealed class ExportChatJsonEndpoint(CurrentUser me, KissChatDbContext db, ICharacterCatalog characters, TimeProvider clock, IOptions<JsonOptions> json)
    : Endpoint<ExportChatRequest, Results<FileContentHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/export.json");
        Group<ChatsGroup>();
        Description(b => b.WithName("ExportChatJson").Produces<ExportedChat>(StatusCodes.Status200OK, "application/json").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Download a chat with every message and swipe as JSON.");
    }

    public override async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecuteAsync(ExportChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        var export = await ChatExport.LoadAsync(db, characters, chat, clock, ct);
        // The API's own JSON conventions (snake_case), so an export reads like the API's responses.
        var bytes = JsonSerializer.SerializeToUtf8Bytes(export, json.Value.SerializerOptions);
        return TypedResults.File(bytes, "application/json", ChatExport.FileName(export, "json"));
    }
}
