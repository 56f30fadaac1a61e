using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.ExportChat;

internal sealed class ExportChatJsonlEndpoint(
    CurrentUser me, KissChatDbContext db, ICharacterCatalog characters, SillyTavernChat files, TimeProvider clock)
    : Endpoint<ExportChatRequest, Results<FileContentHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/export.jsonl");
        Group<ChatsGroup>();
        Description(b => b.WithName("ExportChatJsonl").Produces(StatusCodes.Status200OK, typeof(string), "application/jsonl").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Download a chat as a SillyTavern .jsonl chat file (swipes, selections, dates and an imported chat's extras kept).");
    }

    public override async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecuteAsync(ExportChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        var export = await ChatExport.LoadAsync(db, characters, chat, clock, ct);
        var jsonl = await files.ToJsonlAsync(chat, export, ct);
        return TypedResults.File(jsonl, "application/jsonl; charset=utf-8", ChatExport.FileName(export, "jsonl"));
    }
}
