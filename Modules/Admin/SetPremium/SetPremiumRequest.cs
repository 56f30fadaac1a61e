using FastEndpoints;
using FluentValidation;

namespace KissChat.Admin.SetPremium;

/// <param name="Id">The account, from the route.</param>
/// <param name="IsPremium">Grant (true) or end (false) premium.</param>
/// <param name="Until">When a granted premium ends; none for good. Must be in the future.</param>
internal sealed record SetPremiumRequest(Guid Id, bool? IsPremium, DateTimeOffset? Until);

internal sealed class SetPremiumValidator : Validator<SetPremiumRequest>
{
    public SetPremiumValidator()
    {
        RuleFor(r => r.IsPremium).NotNull().WithMessage("'is_premium' is required: true or false.");
        RuleFor(r => r.Until)
            .Must(until => until > Resolve<TimeProvider>().GetUtcNow())
            .WithMessage("'until' must be in the future.")
            .When(r => r.Until is not null);
        RuleFor(r => r.Until)
            .Null()
            .WithMessage("'until' goes with is_premium true only.")
            .When(r => r.IsPremium == false);
    }
}

/// <param name="IsPremium">Premium now.</param>
/// <param name="PremiumUntil">When it ends; null for good (or when not premium).</param>
internal sealed record PremiumState(Guid UserId, bool IsPremium, DateTime? PremiumUntil);
