using KissChat.Characters.Data;
using KissChat.Characters.Editing;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;

namespace KissChat.Characters.CreateCharacter;

/// <summary>Adding a new character, shared by create and card import.</summary>
internal static class NewCharacters
{
    /// <summary>A new character of <paramref name="ownerId"/> holding the fields, absent ones at their defaults.</summary>
    public static Character From(CharacterFields fields, Guid ownerId, TimeProvider clock)
    {
        var now = StoredTime.Now(clock);
        var character = new Character { Id = Guid.CreateVersion7(), UserId = ownerId, Name = "", CreatedAt = now, UpdatedAt = now };
        fields.ApplyTo(character);
        return character;
    }

    /// <summary>Saves the character; or, when its owner already keeps <see cref="CharacterLimits.PerUser"/>, the 409 to answer.</summary>
    public static async Task<ProblemHttpResult?> SaveAsync(Character character, KissChatDbContext db, CancellationToken cancellationToken)
    {
        // Counted in the owner's write: two creates or imports at once cannot both pass the cap.
        await using var write = await db.BeginOwnerWriteAsync(character.UserId, cancellationToken);
        if (await db.CountOwnAsync<Character>(character.UserId, cancellationToken) >= CharacterLimits.PerUser)
        {
            return OwnedRecords.TooMany(CharacterLimits.PerUser + 1, CharacterLimits.PerUser, "characters");
        }

        db.Add(character);
        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        return null;
    }

    public static Created<MessageDataResponse<CharacterView>> Created(Character character, string message) =>
        TypedResults.Created($"/api/v1/character/get/{character.Id}", new MessageDataResponse<CharacterView>(message, CharacterView.From(character)));
}
