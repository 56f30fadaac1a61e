using FastEndpoints;
using FluentValidation;
using KissChat.Kernel.Files;
using KissChat.Kernel.Validation;
using KissChat.Users.Data;
using KissChat.Users.Profiles;

namespace KissChat.Users.UpdateProfile;

/// <param name="Id">The account, from the route: it must be your own.</param>
/// <param name="Username">Unique ignoring case: a name another account has is a 409.</param>
/// <param name="ShowNsfw">Show characters marked NSFW; turning it on needs a birth date 18 or more years ago, or <c>confirm_adult</c>.</param>
/// <param name="BirthDate">YYYY-MM-DD; once given, it decides whether the account is an adult.</param>
/// <param name="ConfirmAdult">true: you confirm you are 18 or over (its time is kept); false withdraws it.</param>
internal sealed record UpdateProfileRequest(
    Guid Id, string? Username, string? AvatarUrl, string? Status, string? Bio, bool? ShowNsfw, DateOnly? BirthDate, bool? ConfirmAdult)
{
    public bool ChangesAnything =>
        Username is not null || AvatarUrl is not null || Status is not null || Bio is not null || ShowNsfw is not null || BirthDate is not null || ConfirmAdult is not null;
}

internal sealed class UpdateProfileValidator : Validator<UpdateProfileRequest>
{
    public UpdateProfileValidator()
    {
        RuleFor(r => r)
            .Must(r => r.ChangesAnything)
            .OverridePropertyName("body")
            .WithMessage("Send at least one of username, avatar_url, status, bio, show_nsfw, birth_date or confirm_adult.");
        RuleFor(r => r.Username)
            .Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage("'username' must not be blank.")
            .MaximumLength(ProfileLimits.Username)
            .Must(u => Usernames.IsAllowed(u!.Trim())).WithMessage(Usernames.Rule)
            .When(r => r.Username is not null);
        RuleFor(r => r.AvatarUrl)
            .MaximumLength(ProfileLimits.AvatarUrl)
            .Must(AvatarLocation.IsAllowed).WithMessage(AvatarLocation.Rule)
            .When(r => r.AvatarUrl is not null);
        RuleFor(r => r.Status).SingleLine(ProfileLimits.Status);
        RuleFor(r => r.Bio).Prose(ProfileLimits.Bio);
        RuleFor(r => r.BirthDate)
            .Must(d => d!.Value >= new DateOnly(1900, 1, 1) && d.Value <= Adulthood.Today(Resolve<TimeProvider>()))
            .WithMessage("'birth_date' must be a date from 1900 to today.")
            .When(r => r.BirthDate is not null);
    }
}
