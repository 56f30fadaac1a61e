using FastEndpoints;
using FluentValidation;
using KissChat.Kernel.Files;
using KissChat.Users.Data;

namespace KissChat.Users.UpdateProfile;

/// <param name="Id">The account, from the route: it must be your own.</param>
internal sealed record UpdateProfileRequest(Guid Id, string? Username, string? AvatarUrl, string? Status);

internal sealed class UpdateProfileValidator : Validator<UpdateProfileRequest>
{
    public UpdateProfileValidator()
    {
        RuleFor(r => r)
            .Must(r => r.Username is not null || r.AvatarUrl is not null || r.Status is not null)
            .OverridePropertyName("body")
            .WithMessage("Send at least one of username, avatar_url or status.");
        RuleFor(r => r.Username)
            .Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("'username' must not be blank.")
            .MaximumLength(ProfileLimits.Username)
            .Must(u => !u!.Any(char.IsControl)).WithMessage("'username' must not contain control characters.")
            .When(r => r.Username is not null);
        RuleFor(r => r.AvatarUrl)
            .MaximumLength(ProfileLimits.AvatarUrl)
            .Must(AvatarLocation.IsAllowed).WithMessage(AvatarLocation.Rule)
            .When(r => r.AvatarUrl is not null);
        RuleFor(r => r.Status)
            .MaximumLength(ProfileLimits.Status)
            .Must(s => !s!.Any(char.IsControl)).WithMessage("'status' must not contain control characters.")
            .When(r => r.Status is not null);
    }
}
