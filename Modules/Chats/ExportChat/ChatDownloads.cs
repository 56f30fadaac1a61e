using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;

namespace KissChat.Chats.ExportChat;

/// <summary>A chat's download in one of its formats: loaded and written in an export's place (<see cref="ExportBuilds"/>), then sent from its file.</summary>
internal sealed class ChatDownloads(KissChatDbContext db, ICharacterCatalog characters, TimeProvider clock, ExportBuilds builds)
{
    public async Task<FileStreamHttpResult> SendAsync(
        Chat chat, string extension, string contentType, Func<ExportedChat, Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var file = await builds.BuildAsync(
            async (stream, ct) => await write(await ChatExport.LoadAsync(db, characters, chat, clock, ct), stream, ct), cancellationToken);
        return TypedResults.Stream(file, contentType, ChatExport.FileName(chat.Title, extension));
    }
}
