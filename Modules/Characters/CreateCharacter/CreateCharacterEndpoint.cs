using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.CreateCharacter;

internal static class CreateCharacterEndpoint
{
    public static async Task<Results<Created<MessageDataResponse<CharacterView>>, ProblemHttpResult>> Handle(
        CreateCharacterRequest request, CurrentUser me, KissChatDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var character = New(request, me.Id, clock);
        return await SaveAsync(character, db, cancellationToken) is { } problem ? problem : Created(character, "Character created.");
    }

    /// <summary>A new character of <paramref name="ownerId"/> holding the request's fields, absent ones at their defaults.</summary>
    internal static Character New(CreateCharacterRequest request, Guid ownerId, TimeProvider clock)
    {
        var now = StoredTime.Now(clock);
        var character = new Character { Id = Guid.CreateVersion7(), UserId = ownerId, Name = request.Name!.Trim(), CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(character);
        return character;
    }

    /// <summary>
    /// Adds a new character; card import shares it so both refuse an uploaded avatar's URL and answer a vanished
    /// account the same way. Null when saved.
    /// </summary>
    internal static async Task<ProblemHttpResult?> SaveAsync(Character character, KissChatDbContext db, CancellationToken cancellationToken)
    {
        if (!AvatarLocation.CanAssign(character.AvatarUrl, current: null))
        {
            return AvatarLocation.NotAssignable();
        }

        db.Add(character);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    internal static Created<MessageDataResponse<CharacterView>> Created(Character character, string message) =>
        TypedResults.Created($"/api/v1/character/get/{character.Id}", new MessageDataResponse<CharacterView>(message, CharacterView.From(character)));
}
