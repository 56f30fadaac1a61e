using FluentValidation;
using KissChat.Characters.Data;
using KissChat.Characters.Editing;
using KissChat.Kernel.Validation;

namespace KissChat.Characters.Cards;

/// <summary>
/// What an imported card must satisfy. Its text was written elsewhere and is kept as written, so the limits meant for
/// typing (length, tag count and spelling, blank entries, control characters) do not apply: each member is bounded by
/// one generous limit, and the card as a whole by the upload. KissChat's own attributes obey their usual rules.
/// </summary>
internal sealed class CardCharacterValidator : AbstractValidator<CardCharacter>
{
    public CardCharacterValidator()
    {
        RuleFor(r => r.Name).Must(name => !TextRules.IsBlank(CardValues.Stored(name))).WithMessage("'name' is required.");
        RuleFor(r => r.Name).MaximumLength(CharacterLimits.CardText);
        RuleFor(r => r.PublicDescription).MaximumLength(CharacterLimits.CardText);
        RuleFor(r => r.Personality).MaximumLength(CharacterLimits.CardText);
        RuleFor(r => r.Scenario).MaximumLength(CharacterLimits.CardText);
        RuleFor(r => r.Greeting).MaximumLength(CharacterLimits.CardText);
        RuleFor(r => r.MesExample).MaximumLength(CharacterLimits.CardText);
        RuleFor(r => r.CreatorNotes).MaximumLength(CharacterLimits.CardText);
        RuleFor(r => r.SystemInstruction).MaximumLength(CharacterLimits.CardText);
        RuleFor(r => r.PostHistoryInstructions).MaximumLength(CharacterLimits.CardText);
        RuleForEach(r => r.Tags).MaximumLength(CharacterLimits.CardText);
        RuleForEach(r => r.AlternateGreetings).MaximumLength(CharacterLimits.CardText);
        Include(new AttributeRules<CardCharacter>());
    }
}
