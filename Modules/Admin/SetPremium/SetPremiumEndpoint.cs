using FastEndpoints;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Http;
using KissChat.Users.Contracts;

namespace KissChat.Admin.SetPremium;

internal sealed class SetPremiumEndpoint(IUserAdministration users) : Endpoint<SetPremiumRequest, Results<Ok<MessageDataResponse<PremiumState>>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/users/{id}/premium");
        Group<AdminGroup>();
        Description(b => b.WithName("SetPremium").ProducesProblems(404));
        Summary(s => s.Summary = "Grant premium to an account, for good or until a time, or end it: {is_premium, until?}.");
    }

    public override async Task<Results<Ok<MessageDataResponse<PremiumState>>, ProblemHttpResult>> ExecuteAsync(SetPremiumRequest request, CancellationToken ct)
    {
        var isPremium = request.IsPremium!.Value;
        var until = request.Until?.UtcDateTime;
        if (!await users.SetPremiumAsync(request.Id, isPremium, until, ct))
        {
            return Problems.NotFound("User not found.");
        }

        var state = new PremiumState(request.Id, isPremium, isPremium ? until : null);
        return TypedResults.Ok(new MessageDataResponse<PremiumState>(isPremium ? "Premium granted." : "Premium ended.", state));
    }
}
