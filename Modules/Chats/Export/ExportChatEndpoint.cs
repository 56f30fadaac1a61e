using System.Text;
using System.Text.Json;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace KissChat.Chats.Export;

internal static class ExportChatEndpoint
{
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Json(
        Guid id, CurrentUser me, KissChatDbContext db, ICharacterCatalog characters, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        var export = await ChatExport.LoadAsync(db, characters, chat, clock, cancellationToken);
        // The API's own JSON conventions (snake_case), so an export reads like the API's responses.
        var bytes = JsonSerializer.SerializeToUtf8Bytes(export, json.Value.SerializerOptions);
        return TypedResults.File(bytes, "application/json", ChatExport.FileName(export, "json"));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Markdown(
        Guid id, CurrentUser me, KissChatDbContext db, ICharacterCatalog characters, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (chat is null)
        {
            return problem!;
        }

        var export = await ChatExport.LoadAsync(db, characters, chat, clock, cancellationToken);
        return TypedResults.File(Encoding.UTF8.GetBytes(ChatExport.ToMarkdown(export)), "text/markdown; charset=utf-8", ChatExport.FileName(export, "md"));
    }
}
