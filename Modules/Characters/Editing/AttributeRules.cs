using FluentValidation;
using KissChat.Characters.Data;
using KissChat.Kernel.Validation;

namespace KissChat.Characters.Editing;

/// <summary>
/// The rules for KissChat's own attributes, which cards carry only in our <c>kisschat</c> extension: whether typed or
/// imported they were written for KissChat, so one set of rules serves every write. Characters are adults.
/// </summary>
internal sealed class AttributeRules<TFields> : AbstractValidator<TFields>
    where TFields : CharacterFields
{
    public AttributeRules()
    {
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

        RuleFor(r => r.Backstory).Prose(CharacterLimits.Long);
        RuleFor(r => r.BehaviorPreferences).Prose(CharacterLimits.Long);
        RuleFor(r => r.CustomPhysicalTraits).Prose(CharacterLimits.Long);
        RuleFor(r => r.CustomDescriptions).Prose(CharacterLimits.Long);
    }
}
