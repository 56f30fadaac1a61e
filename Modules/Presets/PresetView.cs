using FluentValidation;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Validation;
using KissChat.Presets.Data;

namespace KissChat.Presets;

internal record PresetView(Guid Id, string Name, GenerationSettings Settings, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static PresetView From(Preset preset) => new(preset.Id, preset.Name, preset.Settings, preset.CreatedAt, preset.UpdatedAt);
}

/// <summary>What a client writes to a preset, on create and on update alike.</summary>
internal interface IPresetFields
{
    string? Name { get; }

    GenerationSettings? Settings { get; }
}

/// <summary>A field an update leaves out is null here and passes.</summary>
internal sealed class PresetFieldsValidator : AbstractValidator<IPresetFields>
{
    /// <param name="inference">Read at validation time (see <see cref="GenerationSettingsRules"/>).</param>
    public PresetFieldsValidator(Func<InferenceOptions> inference)
    {
        RuleFor(r => r.Name)
            .Must(n => !TextRules.IsBlank(n)).WithMessage("'name' must not be blank.")
            .SingleLine(Preset.NameLength)
            .When(r => r.Name is not null);
        RuleFor(r => r.Settings!).SetValidator(new GenerationSettingsRules(inference)).When(r => r.Settings is not null);
    }
}
