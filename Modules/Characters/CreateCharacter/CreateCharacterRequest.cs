using FluentValidation;
using KissChat.Characters.Data;

namespace KissChat.Characters.CreateCharacter;

/// <summary>Everything but the name is optional; blank text counts as not given.</summary>
internal sealed record CreateCharacterRequest
{
    public string? Name { get; init; }

    public string? Gender { get; init; }

    public string? Heritage { get; init; }

    public int? Age { get; init; }

    public string? SkinTone { get; init; }

    public string? EyeColor { get; init; }

    public string? HairColor { get; init; }

    public string? Hairstyle { get; init; }

    public string? BodyType { get; init; }

    public string? BreastSize { get; init; }

    public string? ButtSize { get; init; }

    public string? PublicDescription { get; init; }

    // JSON may carry nulls inside the array; the validator rejects them.
    public IReadOnlyList<string?>? Tags { get; init; }

    public string? Voice { get; init; }

    public string? Personality { get; init; }

    public string? Occupation { get; init; }

    public string? Hobbies { get; init; }

    public string? Scenario { get; init; }

    public string? Greeting { get; init; }

    public IReadOnlyList<string?>? AlternateGreetings { get; init; }

    public string? MesExample { get; init; }

    public string? Backstory { get; init; }

    public string? SystemInstruction { get; init; }

    public string? PostHistoryInstructions { get; init; }

    public string? CreatorNotes { get; init; }

    public bool? AiGeneratedBehavior { get; init; }

    public string? BehaviorPreferences { get; init; }

    public string? AvatarUrl { get; init; }

    public string? CustomPhysicalTraits { get; init; }

    public string? CustomDescriptions { get; init; }
}

internal sealed class CreateCharacterRequestValidator : AbstractValidator<CreateCharacterRequest>
{
    public CreateCharacterRequestValidator()
    {
        RuleFor(r => r.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("'name' is required.")
            .SingleLine(CharacterLimits.Short);
        RuleFor(r => r.Age)
            .InclusiveBetween(CharacterLimits.MinimumAge, CharacterLimits.MaximumAge)
            .WithMessage($"'age' must be between {CharacterLimits.MinimumAge} and {CharacterLimits.MaximumAge}: characters are adults.");

        RuleFor(r => r.Gender).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.Heritage).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.SkinTone).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.EyeColor).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.HairColor).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.Hairstyle).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.BodyType).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.BreastSize).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.ButtSize).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.Occupation).SingleLine(CharacterLimits.Short);
        RuleFor(r => r.Voice).SingleLine(CharacterLimits.Phrase);
        RuleFor(r => r.Hobbies).SingleLine(CharacterLimits.Phrase);

        RuleFor(r => r.PublicDescription).Prose(CharacterLimits.Long);
        RuleFor(r => r.Personality).Prose(CharacterLimits.Long);
        RuleFor(r => r.Scenario).Prose(CharacterLimits.Long);
        RuleFor(r => r.Greeting).Prose(CharacterLimits.Long);
        RuleFor(r => r.Backstory).Prose(CharacterLimits.Long);
        RuleFor(r => r.SystemInstruction).Prose(CharacterLimits.Long);
        RuleFor(r => r.MesExample).Prose(CharacterLimits.Long);
        RuleFor(r => r.PostHistoryInstructions).Prose(CharacterLimits.Long);
        RuleFor(r => r.CreatorNotes).Prose(CharacterLimits.Long);
        RuleFor(r => r.BehaviorPreferences).Prose(CharacterLimits.Long);
        RuleFor(r => r.CustomPhysicalTraits).Prose(CharacterLimits.Long);
        RuleFor(r => r.CustomDescriptions).Prose(CharacterLimits.Long);

        RuleFor(r => r.AvatarUrl)
            .SingleLine(CharacterLimits.AvatarUrl)
            .Must(BeAnAvatarLocation).WithMessage("'avatar_url' must be an http(s) URL or a path starting with '/'.")
            .When(r => !string.IsNullOrWhiteSpace(r.AvatarUrl));

        RuleFor(r => r.Tags)
            .Must(tags => tags!.Count <= CharacterLimits.MaxTags)
            .WithMessage($"'tags' may hold at most {CharacterLimits.MaxTags} tags.")
            .Must(NotRepeatATag).WithMessage("'tags' must not repeat a tag (case does not matter).")
            .When(r => r.Tags is not null);
        RuleForEach(r => r.Tags)
            .Must(tag => !string.IsNullOrWhiteSpace(tag) && tag.Trim().Length <= CharacterLimits.TagLength)
            .WithMessage($"Each tag must be 1 to {CharacterLimits.TagLength} characters.")
            .Must(tag => tag is null || TextRules.IsSingleLine(tag))
            .WithMessage("A tag must not contain control characters.");

        RuleFor(r => r.AlternateGreetings)
            .Must(greetings => greetings!.Count <= CharacterLimits.MaxAlternateGreetings)
            .WithMessage($"'alternate_greetings' may hold at most {CharacterLimits.MaxAlternateGreetings} greetings.")
            .When(r => r.AlternateGreetings is not null);
        RuleForEach(r => r.AlternateGreetings)
            .Must(greeting => !string.IsNullOrWhiteSpace(greeting)).WithMessage("An alternate greeting must not be blank.")
            .Prose(CharacterLimits.Long);
    }

    private static bool NotRepeatATag(IReadOnlyList<string?>? tags)
    {
        var given = tags!.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).ToList();
        return given.Distinct(StringComparer.OrdinalIgnoreCase).Count() == given.Count;
    }

    private static bool BeAnAvatarLocation(string? value) =>
        value is not null
        && ((value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal))
            || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"));
}
