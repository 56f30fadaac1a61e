using KissChat.Characters.Data;
using KissChat.Kernel.Database;
using KissChat.Kernel.Http;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Characters.CreateCharacter;

internal static class CreateCharacterEndpoint
{
    public static async Task<Results<Created<MessageDataResponse<CharacterView>>, ProblemHttpResult>> Handle(
        CreateCharacterRequest request, CurrentUser me, KissChatDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // PostgreSQL keeps microseconds: trimming the ticks makes this response equal what a later GET reads back.
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var character = ToCharacter(request, me.Id, now);
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

    private static Character ToCharacter(CreateCharacterRequest request, Guid ownerId, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = ownerId,
        Name = request.Name!.Trim(),
        Gender = Clean(request.Gender),
        Heritage = Clean(request.Heritage),
        Age = request.Age,
        SkinTone = Clean(request.SkinTone),
        EyeColor = Clean(request.EyeColor),
        HairColor = Clean(request.HairColor),
        Hairstyle = Clean(request.Hairstyle),
        BodyType = Clean(request.BodyType),
        BreastSize = Clean(request.BreastSize),
        ButtSize = Clean(request.ButtSize),
        PublicDescription = Clean(request.PublicDescription),
        Tags = request.Tags?.Select(t => t!.Trim()).ToList() ?? [],
        Voice = Clean(request.Voice),
        Personality = Clean(request.Personality),
        Occupation = Clean(request.Occupation),
        Hobbies = Clean(request.Hobbies),
        Scenario = Clean(request.Scenario),
        Greeting = Clean(request.Greeting),
        Backstory = Clean(request.Backstory),
        SystemInstruction = Clean(request.SystemInstruction),
        AiGeneratedBehavior = request.AiGeneratedBehavior ?? false,
        BehaviorPreferences = Clean(request.BehaviorPreferences),
        AvatarUrl = Clean(request.AvatarUrl),
        CustomPhysicalTraits = Clean(request.CustomPhysicalTraits),
        CustomDescriptions = Clean(request.CustomDescriptions),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Blank means "not given": stored as null so the prompt and the API never show empty attributes.</summary>
    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
