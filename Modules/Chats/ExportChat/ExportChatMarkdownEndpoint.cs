using FastEndpoints;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Personas.Contracts;
using KissChat.Users.Contracts;

namespace KissChat.Chats.ExportChat;

internal sealed class ExportChatMarkdownEndpoint(CurrentUser me, KissChatDbContext db, ChatDownloads downloads, IPersonas personas, IUserProfiles profiles)
    : Endpoint<ExportChatRequest, Results<FileStreamHttpResult, ProblemHttpResult>>
{
    public override void Configure()
    {
        Get("/{id}/export.md");
        Group<ChatsGroup>();
        Description(b => b.WithName("ExportChatMarkdown").Produces(StatusCodes.Status200OK, typeof(string), "text/markdown").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Download a chat as a readable Markdown transcript.");
    }

    public override async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ExecuteAsync(ExportChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        return await downloads.SendAsync(
            chat,
            "md",
            "text/markdown; charset=utf-8",
            async (export, file, token) =>
                await ChatExport.WriteMarkdownAsync(export, await PromptUserName.ForChatAsync(personas, profiles, chat.PersonaId, chat.UserId, token), file, token),
            ct);
    }
}
