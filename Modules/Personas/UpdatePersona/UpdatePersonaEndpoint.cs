using FastEndpoints;
using FluentValidation;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Personas.Data;
using Microsoft.EntityFrameworkCore;

namespace KissChat.Personas.UpdatePersona;

/// <summary>Changes what it sends; a field left out or null stays ("" clears the description or the avatar).</summary>
/// <param name="Id">The persona, from the route.</param>
/// <param name="IsDefault">true makes it the default (the previous one stops being it); false leaves you without one.</param>
internal sealed record UpdatePersonaRequest(
    Guid Id, string? Name, string? Description, string? AvatarUrl, bool? IsDefault, string? DescriptionPosition = null, int? DescriptionDepth = null, string? DescriptionRole = null)
    : IPersonaFields;

internal sealed class UpdatePersonaValidator : Validator<UpdatePersonaRequest>
{
    public UpdatePersonaValidator()
    {
        RuleFor(r => r)
            .Must(r => r.Name is not null || r.Description is not null || r.AvatarUrl is not null || r.IsDefault is not null
                || r.DescriptionPosition is not null || r.DescriptionDepth is not null || r.DescriptionRole is not null)
            .OverridePropertyName("body")
            .WithMessage("Send at least one of name, description, avatar_url, is_default, description_position, description_depth or description_role.");
        Include(new PersonaFieldsValidator());
    }
}

internal sealed class UpdatePersonaEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : Endpoint<UpdatePersonaRequest, Results<Ok<MessageDataResponse<PersonaView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Patch("/update/{id}");
        Group<PersonasGroup>();
        Description(b => b.WithName("UpdatePersona").ProducesProblems(403, 404));
        Summary(s => s.Summary = "Change your persona, or make it your default.");
    }

    public override async Task<Results<Ok<MessageDataResponse<PersonaView>>, ProblemHttpResult>> ExecuteAsync(UpdatePersonaRequest request, CancellationToken ct)
    {
        var (persona, problem) = await db.FindOwnAsync<Persona>(request.Id, me.Id, "Persona", ct);
        if (persona is null)
        {
            return problem!;
        }

        if (!AvatarLocation.CanAssign(request.AvatarUrl, persona.AvatarUrl))
        {
            return AvatarLocation.NotAssignable();
        }

        persona.Name = request.Name?.Trim() ?? persona.Name;
        if (request.Description is not null)
        {
            persona.Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        }

        if (request.AvatarUrl is not null)
        {
            persona.AvatarUrl = request.AvatarUrl.Length == 0 ? null : request.AvatarUrl;
        }

        persona.IsDefault = request.IsDefault ?? persona.IsDefault;
        persona.DescriptionPosition = request.DescriptionPosition ?? persona.DescriptionPosition;
        persona.DescriptionDepth = request.DescriptionDepth ?? persona.DescriptionDepth;
        persona.DescriptionRole = request.DescriptionRole ?? persona.DescriptionRole;
        persona.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginOwnerWriteAsync(me.Id, ct);
        if (persona.IsDefault)
        {
            await DefaultPersona.ClearOthersAsync(db, persona, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new MessageDataResponse<PersonaView>("Persona updated.", PersonaView.From(persona)));
    }
}
