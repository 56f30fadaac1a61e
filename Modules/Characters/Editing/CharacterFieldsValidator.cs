using FastEndpoints;
using FluentValidation;
using KissChat.Characters.Data;
using KissChat.Kernel.Files;

namespace KissChat.Characters.Editing;

/// <summary>The rules every write of a character obeys; a field an update leaves out is null here and passes.</summary>
internal abstract class CharacterFieldsValidator<TRequest> : Validator<TRequest>
    where TRequest : CharacterFields
{
    protected CharacterFieldsValidator()
    {
        RuleFor(r => r.Name)
            .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("'name' is required.")
            .When(r => r.Sets(nameof(CharacterFields.Name)));
        RuleFor(r => r.Name).SingleLine(CharacterLimits.Short);
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
            .Must(AvatarLocation.IsAllowed).WithMessage(AvatarLocation.Rule)
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

        RuleFor(r => r.Visibility)
            .Must(v => CharacterVisibility.IsKnown(v!))
            .WithMessage($"'visibility' must be '{CharacterVisibility.Private}' or '{CharacterVisibility.Public}'.")
            .When(r => r.Visibility is not null);
        RuleFor(r => r.DefinitionVisibility)
            .Must(v => Data.DefinitionVisibility.IsKnown(v!))
            .WithMessage($"'definition_visibility' must be '{Data.DefinitionVisibility.Public}' or '{Data.DefinitionVisibility.Hidden}'.")
            .When(r => r.DefinitionVisibility is not null);
    }

    private static bool NotRepeatATag(IReadOnlyList<string?>? tags)
    {
        var given = tags!.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).ToList();
        return given.Distinct(StringComparer.OrdinalIgnoreCase).Count() == given.Count;
    }
}
