using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;

namespace KissChat.Characters.CreateCharacter;

/// <summary>
/// Adding a new character, shared by create and card import so both refuse an uploaded avatar's URL and answer a
/// vanished account the same way.
/// </summary>
internal static class NewCharacters
{
    /// <summary>A new character of <paramref name="ownerId"/> holding the request's fields, absent ones at their defaults.</summary>
    public static Character From(CreateCharacterRequest request, Guid ownerId, TimeProvider clock)
    {
        var now = StoredTime.Now(clock);
        var character = new Character { Id = Guid.CreateVersion7(), UserId = ownerId, Name = request.Name!.Trim(), CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(character);
        return character;
    }

    /// <summary>Saves <paramref name="character"/>; null when saved, else why not.</summary>
    public static async Task<ProblemHttpResult?> SaveAsync(Character character, KissChatDbContext db, CancellationToken cancellationToken)
    {
        if (!AvatarLocation.CanAssign(character.AvatarUrl, current: null))
        {
            return AvatarLocation.NotAssignable();
        }

        db.Add(character);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public static Created<MessageDataResponse<CharacterView>> Created(Character character, string message) =>
        TypedResults.Created($"/api/v1/character/get/{character.Id}", new MessageDataResponse<CharacterView>(message, CharacterView.From(character)));
}
