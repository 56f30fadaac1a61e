using FastEndpoints;
using FluentValidation;
using KissChat.Characters.Contracts;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;

namespace KissChat.Admin.SetCharacterNsfw;

/// <param name="Id">The character, from the route: anyone's.</param>
internal sealed record SetCharacterNsfwRequest(Guid Id, bool? Nsfw);

internal sealed class SetCharacterNsfwValidator : Validator<SetCharacterNsfwRequest>
{
    public SetCharacterNsfwValidator() => RuleFor(r => r.Nsfw).NotNull().WithMessage("'nsfw' is required: true or false.");
}

internal sealed class SetCharacterNsfwEndpoint(ICharacterModeration moderation) : Endpoint<SetCharacterNsfwRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/characters/{id}/nsfw");
        Group<AdminGroup>();
        Description(b => b.WithName("SetCharacterNsfw").ProducesProblems(404));
        Summary(s => s.Summary = "Mark anyone's character NSFW, or not: {nsfw}.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(SetCharacterNsfwRequest request, CancellationToken ct) =>
        await moderation.SetNsfwAsync(request.Id, request.Nsfw!.Value, ct)
            ? TypedResults.Ok(new MessageResponse(request.Nsfw.Value ? "The character is marked NSFW." : "The character is no longer marked NSFW."))
            : Problems.NotFound("Character not found.");
}
