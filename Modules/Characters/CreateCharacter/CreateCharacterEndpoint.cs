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
        var character = ToCharacter(request, me.Id, Now(clock));
        return await SaveAsync(character, db, cancellationToken) is { } problem ? problem : Created(character, "Character created.");
    }

    /// <summary>Adds a new character; card import shares it so both answer a vanished account the same way. Null when saved.</summary>
    internal static async Task<ProblemHttpResult?> SaveAsync(Character character, KissChatDbContext db, CancellationToken cancellationToken)
    {
        db.Add(character);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            // An access token outlives the account it was issued for: the owner row the character needs is gone.
            if (await db.Users.AnyAsync(u => u.Id == character.UserId, cancellationToken))
            {
                throw;
            }

            return Problems.Unauthorized("This account no longer exists.");
        }
    }

    internal static Created<MessageDataResponse<CharacterView>> Created(Character character, string message) =>
        TypedResults.Created($"/api/v1/character/get/{character.Id}", new MessageDataResponse<CharacterView>(message, CharacterView.From(character)));

    internal static DateTime Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // PostgreSQL keeps microseconds: trimming the ticks makes this response equal what a later GET reads back.
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    internal static Character ToCharacter(CreateCharacterRequest request, Guid ownerId, DateTime now) => new()
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
        AlternateGreetings = request.AlternateGreetings?.Select(g => g!.Trim()).ToList() ?? [],
        MesExample = Clean(request.MesExample),
        Backstory = Clean(request.Backstory),
        SystemInstruction = Clean(request.SystemInstruction),
        PostHistoryInstructions = Clean(request.PostHistoryInstructions),
        CreatorNotes = Clean(request.CreatorNotes),
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
