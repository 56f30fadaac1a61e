using FastEndpoints;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.ExportChat;

internal sealed class ExportChatJsonlEndpoint(CurrentUser me, KissChatDbContext db, ChatDownloads downloads, SillyTavernChat files)
    : Endpoint<ExportChatRequest, Results<FileStreamHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/export.jsonl");
        Group<ChatsGroup>();
        Description(b => b.WithName("ExportChatJsonl").Produces(StatusCodes.Status200OK, typeof(string), "application/jsonl").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Download a chat as a SillyTavern .jsonl chat file (swipes, selections, dates and an imported chat's extras kept).");
    }

    public override async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExecuteAsync(ExportChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        return await downloads.SendAsync(chat, "jsonl", "application/jsonl; charset=utf-8", (export, file, token) => files.WriteJsonlAsync(chat, export, file, token), ct);
    }
}
