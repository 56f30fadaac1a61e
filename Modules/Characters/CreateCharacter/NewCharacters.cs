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

    public static async Task SaveAsync(Character character, KissChatDbContext db, CancellationToken cancellationToken)
    {
        db.Add(character);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static Created<MessageDataResponse<CharacterView>> Created(Character character, string message) =>
        TypedResults.Created($"/api/v1/character/get/{character.Id}", new MessageDataResponse<CharacterView>(message, CharacterView.From(character)));
}
