using FluentValidation;
using KissChat.Kernel.Database;
using KissChat.Kernel.Files;
using KissChat.Kernel.Validation;
using KissChat.Personas.Contracts;
using KissChat.Personas.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas;

/// <summary>What a client writes to a persona, on create and on update alike.</summary>
internal interface IPersonaFields
{
    string? Name { get; }

    string? Description { get; }

    string? AvatarUrl { get; }

    bool? IsDefault { get; }

    string? DescriptionPosition { get; }

    int? DescriptionDepth { get; }

    string? DescriptionRole { get; }
}

/// <summary>The rules every write of a persona obeys; a field an update leaves out is null here and passes.</summary>
internal sealed class PersonaFieldsValidator : AbstractValidator<IPersonaFields>
{
    public PersonaFieldsValidator()
    {
        RuleFor(r => r.Name)
            .Must(n => !TextRules.IsBlank(n)).WithMessage("'name' must not be blank.")
            .SingleLine(PersonaLimits.Name)
            .When(r => r.Name is not null);
        RuleFor(r => r.Description).Prose(PersonaLimits.Description);
        RuleFor(r => r.DescriptionPosition).Must(PersonaPositions.All.Contains)
            .WithMessage($"'description_position' must be one of: {string.Join(", ", PersonaPositions.All)}.").When(r => r.DescriptionPosition is not null);
        RuleFor(r => r.DescriptionDepth).InclusiveBetween(0, PersonaPositions.MaxDepth).When(r => r.DescriptionDepth is not null);
        RuleFor(r => r.DescriptionRole).Must(PersonaPositions.Roles.Contains)
            .WithMessage($"'description_role' must be one of: {string.Join(", ", PersonaPositions.Roles)}.").When(r => r.DescriptionRole is not null);
        RuleFor(r => r.AvatarUrl)
            .SingleLine(PersonaLimits.AvatarUrl)
            .Must(AvatarLocation.IsAllowed).WithMessage(AvatarLocation.Rule)
            .When(r => !string.IsNullOrEmpty(r.AvatarUrl));
    }
}

internal static class DefaultPersona
{
    /// <summary>Makes <paramref name="persona"/> the user's only default, in the caller's unit of work.</summary>
    public static Task ClearOthersAsync(KissChatDbContext db, Persona persona, CancellationToken cancellationToken) =>
        db.Set<Persona>().Where(p => p.UserId == persona.UserId && p.Id != persona.Id && p.IsDefault)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), cancellationToken);
}
