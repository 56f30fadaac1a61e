using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;

namespace KissChat.Characters.UpdateCharacter;

internal static class UpdateCharacterEndpoint
{
    public static async Task<Results<Ok<MessageDataResponse<CharacterView>>, ProblemHttpResult>> Handle(
        Guid id, UpdateCharacterRequest request, CurrentUser me, KissChatDbContext db, AvatarStore avatars, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (outcome, character) = await CharacterAccessRules.FindOwnAsync(db, id, me.Id, cancellationToken);
        if (character is null)
        {
            return CharacterProblems.For(outcome);
        }

        var previousAvatar = character.AvatarUrl;
        if (request.Sets(nameof(request.AvatarUrl)) && !AvatarLocation.CanAssign(request.AvatarUrl, previousAvatar))
        {
            return AvatarLocation.NotAssignable();
        }

        request.ApplyTo(character);
        character.UpdatedAt = StoredTime.Now(clock);
        await db.SaveChangesAsync(cancellationToken);
        if (character.AvatarUrl != previousAvatar)
        {
            avatars.Delete(previousAvatar);
        }

        return TypedResults.Ok(new MessageDataResponse<CharacterView>("Character updated.", CharacterView.From(character)));
    }
}
