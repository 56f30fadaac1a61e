using FastEndpoints;
using KissChat.Characters.Contracts;
using KissChat.Chats.AutoTitle;
using KissChat.Chats.Data;
using KissChat.Chats.ExportChat;
using KissChat.Chats.Folders;
using KissChat.Chats.GetChat;
using KissChat.Chats.Groups;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Lorebooks.Contracts;
using KissChat.Personas.Contracts;
using KissChat.Presets.Contracts;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Chats.UpdateChat;

/// <summary>Renames a chat and sets what shapes its prompt: persona, lorebooks, settings, author's note, a pinned character.</summary>
internal sealed class UpdateChatEndpoint(
    CurrentUser me, KissChatDbContext db, ICharacterCatalog characters, IPersonas personas, ILorebooks lorebooks, IPresets presets, ChatViews views, AutoTitles titles, TimeProvider clock)
    : Endpoint<UpdateChatRequest, Results<Ok<MessageDataResponse<ChatView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch("/{id}");
        Group<ChatsGroup>();
        RequestBinder(new PartialBodyBinder<UpdateChatRequest>());
        Description(b => b.WithName("RenameChat").ProducesProblems(403, 404, 409, 502));
        Summary(s => s.Summary = "Change a chat: title (\"auto\": the chat's model names it from its first messages), persona_id, lorebook_ids, settings, author_note, pinned, is_favorite, folder, group. Absent fields stay, null clears.");
    }

    public override async Task<Results<Ok<MessageDataResponse<ChatView>>, ProblemHttpResult>> ExecuteAsync(UpdateChatRequest request, CancellationToken ct)
    {
        var (chat, problem) = await ChatAccess.FindOwnAsync(db, request.Id, me.Id, ct);
        if (chat is null)
        {
            return problem!;
        }

        // The chosen persona as SillyTavern knows it (null: not the user's), for the export's persona lock.
        var personaKey = request.PersonaId is { } personaId ? await personas.SillyTavernKeyAsync(personaId, me.Id, ct) : null;
        if (await RefusedAsync(request, personaKey, ct) is { } refused)
        {
            return refused;
        }

        if (request.Pinned is { } pin && await PinAsync(chat, pin, ct) is { } conflict)
        {
            return conflict;
        }

        if (request.Group is { } group && await GroupSettingsChange.ApplyAsync(db, chat, group, ct) is { } notAGroup)
        {
            return notAGroup;
        }

        if (AutoTitles.Asked(request.Title))
        {
            var (title, failure) = await titles.SuggestAsync(chat, ct);
            if (title is null)
            {
                return failure!;
            }

            chat.Title = title;
        }
        else if (request.Sets(nameof(request.Title)))
        {
            chat.Title = request.Title!.Trim();
        }

        if (request.Sets(nameof(request.PersonaId)) && request.PersonaId != chat.PersonaId)
        {
            chat.PersonaId = request.PersonaId;
            // An imported chat's lock names the persona it was written as; left so, SillyTavern would open the exported chat as that one again.
            chat.ChatMetadata = SillyTavernMetadata.With(chat.ChatMetadata, SillyTavernMetadata.Persona, personaKey);
        }

        if (request.Sets(nameof(request.Settings)))
        {
            chat.Settings = request.Settings;
        }

        if (request.Sets(nameof(request.IsFavorite)))
        {
            chat.IsFavorite = request.IsFavorite!.Value;
        }

        if (request.Sets(nameof(request.Folder)))
        {
            chat.Folder = ChatFolders.Normalize(request.Folder);
        }

        if (request.Sets(nameof(request.AuthorNote)))
        {
            chat.AuthorNote = request.AuthorNote?.Text;
            chat.AuthorNoteDepth = request.AuthorNote?.Depth ?? ChatDefaults.AuthorNoteDepth;
            chat.AuthorNotePlacement = request.AuthorNote?.Placement();
        }

        if (request.ShapesPrompt)
        {
            // A reply started from a read of the chat before this commits sees the chat's time moved, and reads it again.
            chat.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }

        await using var transaction = await db.BeginWriteAsync(ct);
        if (request.Sets(nameof(request.LorebookIds)))
        {
            await db.Set<ChatLorebook>().Where(l => l.ChatId == chat.Id).ExecuteDeleteAsync(ct);
            db.AddRange((request.LorebookIds ?? []).Select((id, position) => new ChatLorebook { ChatId = chat.Id, LorebookId = id, Position = position }));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new MessageDataResponse<ChatView>("Chat updated.", await views.LoadAsync(chat, ct)));
    }

    /// <summary>A 400 naming the field when the request points at a persona, lorebook or preset that is not the user's.</summary>
    private async Task<ProblemHttpResult?> RefusedAsync(UpdateChatRequest request, string? personaKey, CancellationToken ct)
    {
        if (request.PersonaId is not null && personaKey is null)
        {
            return FieldProblem.BadRequest("persona_id", "'persona_id' is not one of your personas.");
        }

        if (request.LorebookIds is { Count: > 0 } ids && (await lorebooks.OwnedAsync(ids, me.Id, ct)).Count != ids.Count)
        {
            return FieldProblem.BadRequest("lorebook_ids", "'lorebook_ids' may only name your own lorebooks.");
        }

        return request.Settings?.PresetId is { } presetId && await presets.FindAsync(presetId, me.Id, ct) is null
            ? FieldProblem.BadRequest("settings.preset_id", "'settings.preset_id' is not one of your presets.")
            : null;
    }

    /// <summary>Pins the character as it is now, or unpins it; a 409 when there is no live character to pin or go back to.</summary>
    private async Task<ProblemHttpResult?> PinAsync(Chat chat, bool pin, CancellationToken ct)
    {
        if (chat.GroupStrategy is not null)
        {
            return Problems.Conflict("A group chat has no one character to pin; its members are read as they are now.");
        }

        var live = chat.CharacterId is { } id ? await characters.CardForChatAsync(id, me.Id, ct) : null;
        if (live is null)
        {
            return pin && chat.PinnedAt is not null
                ? null
                : Problems.Conflict(pin
                    ? "This chat's character no longer exists, so there is nothing to pin."
                    : "This chat's character was deleted or made private; its pinned copy is all the chat has.");
        }

        // Pinning again takes the character as it is now.
        switch (pin, await db.Set<ChatPin>().FindAsync([chat.Id], ct))
        {
            case (true, null):
                db.Add(new ChatPin { ChatId = chat.Id, Card = live });
                break;
            case (true, { } copy):
                copy.Card = live;
                break;
            case (false, { } copy):
                db.Remove(copy);
                break;
        }

        chat.PinnedAt = pin ? clock.GetUtcNow().UtcDateTime : null;
        return null;
    }
}
