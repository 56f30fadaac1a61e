using FastEndpoints;
using FluentValidation;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Files;
using KissChat.Kernel.Http;
using KissChat.Personas.Contracts;
using KissChat.Personas.Data;

namespace KissChat.Personas.CreatePersona;

/// <param name="IsDefault">Make it the persona of every chat that does not choose one (the previous default stops being it).</param>
/// <param name="DescriptionPosition">Where the description goes in the prompt: <c>in_prompt</c> (when left out), <c>top_of_note</c>, <c>bottom_of_note</c>, <c>at_depth</c> or <c>none</c>.</param>
/// <param name="DescriptionDepth">At <c>at_depth</c>: how many messages from the end (2 when left out).</param>
/// <param name="DescriptionRole">At <c>at_depth</c>: <c>system</c> (when left out), <c>user</c> or <c>assistant</c>.</param>
internal sealed record CreatePersonaRequest(
    string? Name, string? Description, string? AvatarUrl, bool? IsDefault, string? DescriptionPosition = null, int? DescriptionDepth = null, string? DescriptionRole = null)
    : IPersonaFields;

internal sealed class CreatePersonaValidator : Validator<CreatePersonaRequest>
{
    public CreatePersonaValidator()
    {
        // Present; a blank one is refused by the fields' own rule, with one message.
        RuleFor(r => r.Name).NotNull();
        Include(new PersonaFieldsValidator());
    }
}

internal sealed class CreatePersonaEndpoint(KissChatDbContext db, CurrentUser me, TimeProvider clock)
    : Endpoint<CreatePersonaRequest, Results<Created<MessageDataResponse<PersonaView>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/create");
        Group<PersonasGroup>();
        Description(b => b.WithName("CreatePersona").ProducesProblems(409));
        Summary(s => s.Summary = "Create a persona to play in chats: {{user}} becomes its name and its description goes into the prompt.");
    }

    public override async Task<Results<Created<MessageDataResponse<PersonaView>>, ProblemHttpResult>> ExecuteAsync(CreatePersonaRequest request, CancellationToken ct)
    {
        if (!AvatarLocation.CanAssign(request.AvatarUrl, current: null))
        {
            return AvatarLocation.NotAssignable();
        }

        var persona = New(request, me.Id, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.BeginOwnerWriteAsync(me.Id, ct);
        if (await db.CountOwnAsync<Persona>(me.Id, ct) >= PersonaLimits.PerUser)
        {
            return OwnPersonas.TooMany(PersonaLimits.PerUser + 1);
        }

        db.Add(persona);
        if (persona.IsDefault)
        {
            await DefaultPersona.ClearOthersAsync(db, persona, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created("/api/v1/persona/list", new MessageDataResponse<PersonaView>("Persona created.", PersonaView.From(persona)));
    }

    /// <summary>The persona a valid request makes (an import's too).</summary>
    public static Persona New(CreatePersonaRequest request, Guid userId, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        Name = request.Name!.Trim(),
        Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
        AvatarUrl = string.IsNullOrWhiteSpace(request.AvatarUrl) ? null : request.AvatarUrl,
        IsDefault = request.IsDefault ?? false,
        DescriptionPosition = request.DescriptionPosition ?? PersonaPositions.InPrompt,
        DescriptionDepth = request.DescriptionDepth ?? PersonaPositions.DefaultDepth,
        DescriptionRole = request.DescriptionRole ?? PersonaPositions.SystemRole,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
