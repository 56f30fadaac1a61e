using System.Text.Json;
using KissChat.Characters.Contracts;
using KissChat.Chats.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Export;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KissChat.Chats.ExportChat;

/// <summary>The export's <c>chats/</c>: each of the user's chats as the JSON <c>chat/{id}/export.json</c> gives, and as SillyTavern JSONL.</summary>
internal sealed class OwnChatsExport(
    KissChatDbContext db, ICharacterCatalog characters, SillyTavernChat files, TimeProvider clock, IOptions<JsonOptions> json) : IUserDataExport
{
    public async Task WriteAsync(Guid userId, UserExportArchive archive, CancellationToken cancellationToken)
    {
        var chats = await db.Set<Chat>().AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        foreach (var chat in chats)
        {
            var export = await ChatExport.LoadAsync(db, characters, chat, clock, cancellationToken);
            // Each file reads the chat's messages a page at a time as it is written (ExportedChat.Messages).
            await archive.AddAsync("chats", chat.Title, chat.Id, "json", (entry, token) => JsonSerializer.SerializeAsync(entry, export, json.Value.SerializerOptions, token), cancellationToken);
            await archive.AddAsync("chats", chat.Title, chat.Id, "jsonl", (entry, token) => files.WriteJsonlAsync(chat, export, entry, token), cancellationToken);
        }
    }
}
