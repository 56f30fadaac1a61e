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
        if (!AvatarLocation.CanAssign(request.AvatarUrl, current: null))
        {
            return AvatarLocation.NotAssignable();
        }

        var now = StoredTime.Now(clock);
        var character = new Character { Id = Guid.CreateVersion7(), UserId = me.Id, Name = request.Name!.Trim(), CreatedAt = now, UpdatedAt = now };
        request.ApplyTo(character);
        db.Add(character);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // An access token outlives the account it was issued for: the owner row the character needs is gone.
            if (await db.Users.AnyAsync(u => u.Id == me.Id, cancellationToken))
            {
                throw;
            }

            return Problems.Unauthorized("This account no longer exists.");
        }

        return TypedResults.Created(
            $"/api/v1/character/get/{character.Id}",
            new MessageDataResponse<CharacterView>("Character created.", CharacterView.From(character)));
    }
}
