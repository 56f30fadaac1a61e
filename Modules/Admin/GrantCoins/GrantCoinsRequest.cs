using FastEndpoints;
using FluentValidation;
using KissChat.Kernel.Validation;

namespace KissChat.Admin.GrantCoins;

/// <param name="Id">The account, from the route.</param>
/// <param name="Delta">Coins to add (positive) or take (negative), at most a million either way; never below a balance of zero.</param>
/// <param name="Reason">Why, kept in the ledger and shown in the user's history.</param>
internal sealed record GrantCoinsRequest(Guid Id, int? Delta, string? Reason)
{
    public const int MaxDelta = 1_000_000;
    public const int ReasonLength = 200;
}

internal sealed class GrantCoinsValidator : Validator<GrantCoinsRequest>
{
    public GrantCoinsValidator()
    {
        RuleFor(r => r.Delta)
            .NotNull().WithMessage("'delta' is required.")
            .Must(d => d is not 0 and >= -GrantCoinsRequest.MaxDelta and <= GrantCoinsRequest.MaxDelta)
            .WithMessage($"'delta' must be a non-zero whole number from -{GrantCoinsRequest.MaxDelta} to {GrantCoinsRequest.MaxDelta}.");
        RuleFor(r => r.Reason)
            .Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("'reason' is required.")
            .SingleLine(GrantCoinsRequest.ReasonLength);
    }
}

/// <param name="Balance">The balance after the grant.</param>
internal sealed record CoinGrant(Guid UserId, int Delta, int Balance);
