using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ExportChat;

/// <summary>A chat's download in one of its formats: loaded and written in an export's place (<see cref="ExportBuilds"/>), then sent from its file.</summary>
internal sealed class ChatDownloads(KissChatDbContext db, ICharacterCatalog characters, TimeProvider clock, ExportBuilds builds)
{
    /// <summary>
    /// The chat is read again once its export has a place: a chat deleted while its export waited is not found, where it
    /// would have downloaded empty, and one renamed or changed meanwhile downloads as it is now.
    /// </summary>
    public async Task<Results<FileStreamHttpResult, ProblemHttpResult>> SendAsync(
        Chat chat, string extension, string contentType, Func<ExportedChat, Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var gone = false;
        var file = await builds.BuildAsync(
            async (stream, ct) =>
            {
                await db.Entry(chat).ReloadAsync(ct);
                gone = db.Entry(chat).State == EntityState.Detached;
                if (!gone)
                {
                    await write(await ChatExport.LoadAsync(db, characters, chat, clock, ct), stream, ct);
                }
            },
            cancellationToken);
        if (gone)
        {
            await file.DisposeAsync();
            return ChatAccess.NotFound();
        }

        return TypedResults.Stream(file, contentType, ChatExport.FileName(chat.Title, extension));
    }
}
