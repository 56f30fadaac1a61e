using FastEndpoints;
using FluentValidation;
using KissChat.Characters.Data;
using KissChat.Kernel.Files;
using KissChat.Kernel.Validation;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Characters.Editing;

/// <summary>
/// The rules for what people type into create and update; a field an update leaves out is null here and passes. Card
/// imports keep a card's text as written and are bounded differently (Cards/CardCharacterValidator).
/// </summary>
internal abstract class CharacterFieldsValidator<TRequest> : Validator<TRequest>
    where TRequest : CharacterFields
{
    protected CharacterFieldsValidator()
    {
        RuleFor(r => r.Name)
            .Must(name => !TextRules.IsBlank(name)).WithMessage("'name' is required.")
            .When(r => r.Sets(nameof(CharacterFields.Name)));
        RuleFor(r => r.Name).SingleLine(CharacterLimits.Short);
        Include(new AttributeRules<TRequest>());

        RuleFor(r => r.PublicDescription).Prose(CharacterLimits.Long);
        RuleFor(r => r.Personality).Prose(CharacterLimits.Long);
        RuleFor(r => r.Scenario).Prose(CharacterLimits.Long);
        RuleFor(r => r.Greeting).Prose(CharacterLimits.Long);
        RuleFor(r => r.SystemInstruction).Prose(CharacterLimits.Long);
        RuleFor(r => r.MesExample).Prose(CharacterLimits.Long);
        RuleFor(r => r.PostHistoryInstructions).Prose(CharacterLimits.Long);
        RuleFor(r => r.CreatorNotes).Prose(CharacterLimits.Long);

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
            .Must(tag => !TextRules.IsBlank(tag) && tag!.Trim().Length <= CharacterLimits.TagLength)
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

        // Its size is bounded by the request body's (Limits:MaxRequestBodyBytes).
        RuleFor(r => r.CharacterBook).Custom((book, context) =>
        {
            if (!JsonFile.HasWholeText(book))
            {
                context.AddFailure("character_book", $"'character_book' {JsonFile.BrokenJson}.");
                return;
            }

            foreach (var (path, messages) in book is null ? [] : CharacterBooks.Problems(book, "character_book"))
            {
                context.AddFailure(path, messages[0]);
            }
        });

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
