using FastEndpoints;
using FluentValidation;
using KissChat.Admin.Administrators;
using KissChat.Kernel.Database;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Kernel.Validation;

namespace KissChat.Admin.BanUser;

/// <param name="Id">The account, from the route.</param>
/// <param name="Reason">Why, told to the account when it tries to log in.</param>
internal sealed record BanUserRequest(Guid Id, string? Reason);

internal sealed class BanUserValidator : Validator<BanUserRequest>
{
    public BanUserValidator() =>
        RuleFor(r => r.Reason).Prose(Bans.ReasonLength);
}

internal sealed class BanUserEndpoint(KissChatDbContext db, Bans bans) : Endpoint<BanUserRequest, Results<Ok<MessageResponse>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/users/{id}/ban");
        Group<AdminGroup>();
        Description(b => b.WithName("BanUser").ProducesProblems(404, 409));
        Summary(s => s.Summary = "Ban an account: it can no longer log in, its sessions end and its replies stop at once, its public characters leave the library.");
    }

    public override async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> ExecuteAsync(BanUserRequest request, CancellationToken ct)
    {
        await using (var write = await db.BeginWriteAsync(ct))
        {
            switch (await bans.BanAsync(request.Id, request.Reason, ct))
            {
                case BanOutcome.NotFound:
                    return Problems.NotFound("User not found.");
                case BanOutcome.AlreadyBanned:
                    return Problems.Conflict("This account is already banned.");
                case BanOutcome.Administrator:
                    return Problems.Conflict("Administrators cannot be banned.");
            }

            await write.CommitAsync(CancellationToken.None);
        }

        await bans.EndSessionsAndWorkAsync(request.Id);
        return TypedResults.Ok(new MessageResponse("The account is banned."));
    }
}
