using System.Text;
using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Chats.ExportChat;

internal sealed class ExportChatMarkdownEndpoint(CurrentUser me, KissChatDbContext db, ICharacterCatalog characters, TimeProvider clock)
    : Endpoint<ExportChatRequest, Results<FileContentHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/export.md");
        Group<ChatsGroup>();
        Description(b => b.WithName("ExportChatMarkdown").Produces(StatusCodes.Status200OK, typeof(string), "text/markdown").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Download a chat as a readable Markdown transcript.");
    }

    public override async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExecuteAsync(ExportChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        var export = await ChatExport.LoadAsync(db, characters, chat, clock, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(ChatExport.ToMarkdown(export)), "text/markdown; charset=utf-8", ChatExport.FileName(export, "md"));
    }
}
