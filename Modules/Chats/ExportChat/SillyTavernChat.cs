using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using KissChat.Chats.Data;
using KissChat.Chats.Prompt;
using KissChat.Kernel.Database;
using KissChat.Lorebooks.Contracts;
using KissChat.Personas.Contracts;
using KissChat.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.ExportChat;

/// <summary>An imported message's SillyTavern members that KissChat has no use for, given back on export.</summary>
/// <param name="Extra">The message's <c>extra</c> (JSON).</param>
/// <param name="OtherMembers">Its members KissChat has no use for (a JSON object).</param>
/// <param name="SwipeInfos">Each imported swipe's <c>swipe_info</c> entry (JSON), by swipe index; null when none has one.</param>
internal sealed record KeptMembers(string? Extra, string? OtherMembers, IReadOnlyDictionary<int, string>? SwipeInfos)
{
    /// <summary>What the message and its swipes kept; null when nothing.</summary>
    public static KeptMembers? Of(ChatMessage message, IReadOnlyList<MessageSwipe> swipes)
    {
        var infos = swipes.Where(s => s.SwipeInfo is not null).ToDictionary(s => s.Index, s => s.SwipeInfo!);
        return message.Extra is null && message.OtherMembers is null && infos.Count == 0 ? null : new KeptMembers(message.Extra, message.OtherMembers, infos.Count > 0 ? infos : null);
    }
}

/// <summary>
/// A chat as SillyTavern's <c>.jsonl</c>: a header line naming the user and the character, then one line per message
/// with its swipes, dates in a form SillyTavern reads (<see cref="SillyTavernDates"/>), a hidden message as its
/// <c>is_system</c> and a narrator's as its own (<see cref="SillyTavernLines"/>). The system prompt is the character's, not
/// a message, so it is left out. A group chat's file has no header line, as SillyTavern 1.12 writes one (it keeps a
/// group chat's metadata in the group): it reads every line of a group chat file as a message, a header as a blank one
/// the model is then sent as "undefined: " at every turn. Its author's note and variables stay behind.
/// </summary>
internal sealed class SillyTavernChat(KissChatDbContext db, IPersonas personas, IUserProfiles profiles, ILorebooks lorebooks)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the chat's file, with what an import of it kept (<see cref="KeptMembers"/>, and its <c>chat_metadata</c>:
    /// <see cref="MetadataAsync"/>) and the user named as the chat's prompt names them (<see cref="PromptUserName"/>).
    /// </summary>
    public async Task WriteJsonlAsync(Chat chat, ExportedChat export, Stream file, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(chat, cancellationToken);
        var userName = await PromptUserName.ForChatAsync(personas, profiles, chat.PersonaId, chat.UserId, cancellationToken);
        var lines = new JsonLines(file);
        if (chat.GroupStrategy is null)
        {
            await lines.AddAsync(
                json =>
                {
                    json.WriteString("user_name", userName);
                    json.WriteString("character_name", export.CharacterName);
                    json.WriteString("create_date", SillyTavernDates.Format(export.CreatedAt));
                    json.WritePropertyName("chat_metadata");
                    json.WriteRawValue(metadata ?? "{}");
                },
                cancellationToken);
        }

        var narratorName = SillyTavernMetadata.Text(metadata, SillyTavernMetadata.NarratorName);
        await foreach (var message in export.Messages.WithCancellation(cancellationToken))
        {
            if (message.Role == ChatRoles.System)
            {
                continue;
            }

            await lines.AddAsync(
                json =>
                {
                    var isUser = message.Role == ChatRoles.User;
                    var narrator = message.Role == ChatRoles.Narrator;
                    var kept = message.Kept;
                    using var keptMembers = kept?.OtherMembers is { } members ? JsonDocument.Parse(members) : null;
                    var others = keptMembers?.RootElement;
                    var extra = SillyTavernReasoning.With(kept?.Extra ?? (narrator ? SillyTavernLines.NarrationExtra : "{}"), message.Reasoning);
                    var narratedBy = narrator ? SillyTavernLines.Speaker(extra, narratorName) : null;
                    // A reply is named after its character as it is now (whose card goes with the chat); an imported message
                    // of the user's or the narrator's keeps the name it was written under.
                    var keptName = isUser || narrator ? SillyTavernMembers.Text(others, SillyTavernMembers.Name) : null;
                    json.WriteString(SillyTavernMembers.Name, keptName ?? (isUser ? userName : narratedBy?.Name ?? message.CharacterName ?? export.CharacterName));
                    json.WriteBoolean("is_user", isUser);
                    json.WriteBoolean("is_system", message.Hidden);
                    json.WriteString("send_date", SillyTavernDates.Format(message.CreatedAt));
                    json.WriteString("mes", message.Content);
                    if (narratedBy is not null)
                    {
                        json.WriteString(SillyTavernLines.AvatarMember, SillyTavernMembers.Text(others, SillyTavernLines.AvatarMember) ?? narratedBy.Avatar);
                    }

                    if (message.Swipes.Count > 0)
                    {
                        json.WriteStartArray("swipes");
                        foreach (var swipe in message.Swipes)
                        {
                            json.WriteStringValue(swipe);
                        }

                        json.WriteEndArray();
                        json.WriteNumber("swipe_id", message.SwipeIndex);
                        SwipeInfo(json, message, extra);
                    }

                    json.WritePropertyName("extra");
                    json.WriteRawValue(extra);
                    if (others is { } all)
                    {
                        WriteMembers(json, all, name =>
                            SillyTavernMembers.Modelled.Contains(name) || name == SillyTavernMembers.Name || (narrator && name == SillyTavernLines.AvatarMember));
                    }
                },
                cancellationToken);
        }

        await lines.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The header's <c>chat_metadata</c> (JSON), with the chat's author's note as it is now, and its first lorebook as its
    /// chat lore (<c>world_info</c>; when it has none, what came in stays unless it names one of the user's lorebooks).
    /// </summary>
    private async Task<string?> MetadataAsync(Chat chat, CancellationToken cancellationToken)
    {
        var metadata = SillyTavernAuthorNote.Write(chat.ChatMetadata, chat);
        var firstBook = await db.Set<ChatLorebook>().Where(l => l.ChatId == chat.Id).OrderBy(l => l.Position).Select(l => (Guid?)l.LorebookId).FirstOrDefaultAsync(cancellationToken);
        if (firstBook is { } bookId && (await lorebooks.FindAsync([bookId], chat.UserId, cancellationToken)).FirstOrDefault() is { } book)
        {
            metadata = SillyTavernMetadata.With(metadata, SillyTavernMetadata.World, book.Name);
        }
        else if (SillyTavernMetadata.Text(metadata, SillyTavernMetadata.World) is { } named && await lorebooks.FindByNameAsync(named, chat.UserId, cancellationToken) is not null)
        {
            // The user has that world and took it off the chat: SillyTavern would bind it again. One they do not have stays named.
            metadata = SillyTavernMetadata.With(metadata, SillyTavernMetadata.World, null);
        }

        return metadata;
    }

    /// <summary>
    /// SillyTavern shows a swipe's own date, and on swiping takes the message's <c>extra</c> (and times) from the swipe's:
    /// an imported swipe carries its own entry as it came, a swipe made here the message's <c>extra</c> when it is the
    /// selected one, and otherwise the nothing KissChat knows of it; each with its own reasoning (<see cref="SillyTavernReasoning"/>).
    /// </summary>
    private static void SwipeInfo(Utf8JsonWriter json, ExportedMessage message, string extra)
    {
        json.WriteStartArray("swipe_info");
        for (var index = 0; index < message.Swipes.Count; index++)
        {
            json.WriteStartObject();
            json.WriteString("send_date", SillyTavernDates.Format(message.SwipeDates?[index] ?? message.CreatedAt));
            if (message.Kept?.SwipeInfos?.GetValueOrDefault(index) is { } info)
            {
                using var entry = JsonDocument.Parse(info);
                SillyTavernReasoning.WriteSwipeInfo(json, entry.RootElement, message.ReasoningOf(index), name => name == "send_date");
            }
            else
            {
                json.WritePropertyName("extra");
                json.WriteRawValue(index == message.SwipeIndex ? extra : SillyTavernReasoning.With("{}", message.ReasoningOf(index)));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The members of a kept JSON object, as they were written, but those the line already has.</summary>
    private static void WriteMembers(Utf8JsonWriter json, JsonElement kept, Func<string, bool> written)
    {
        foreach (var member in kept.EnumerateObject().Where(m => !written(m.Name)))
        {
            member.WriteTo(json);
        }
    }

    /// <summary>JSON lines as SillyTavern joins them ("\n" between, none at the end), written to the file a batch at a time.</summary>
    private sealed class JsonLines(Stream file)
    {
        private const int BatchBytes = 64 * 1024;

        private readonly ArrayBufferWriter<byte> batch = new();
        private bool any;

        public async Task AddAsync(Action<Utf8JsonWriter> members, CancellationToken cancellationToken)
        {
            if (any)
            {
                batch.Write("\n"u8);
            }

            any = true;
            using (var json = new Utf8JsonWriter(batch, Options))
            {
                json.WriteStartObject();
                members(json);
                json.WriteEndObject();
            }

            if (batch.WrittenCount >= BatchBytes)
            {
                await FlushAsync(cancellationToken);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await file.WriteAsync(batch.WrittenMemory, cancellationToken);
            batch.ResetWrittenCount();
        }
    }
}
