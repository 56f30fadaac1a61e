using FastEndpoints;
using FluentValidation;

namespace KissChat.Auth.SignUp;

/// <summary>The body of both signup and login, as the seed's frontend sends it.</summary>
internal sealed record CredentialsRequest(string? Email, string? Password, string? Method)
{
    public const string EmailMethod = "email";
    public static readonly string[] OAuthMethods = ["google", "discord"];

    [System.Text.Json.Serialization.JsonIgnore]
    public string NormalizedEmail => Email!.Trim().ToLowerInvariant();

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOAuth => Method is not null && OAuthMethods.Contains(Method.ToLowerInvariant());
}

internal sealed class CredentialsValidator : Validator<CredentialsRequest>
{
    public const int MinimumPasswordLength = 8;

    public CredentialsValidator()
    {
        RuleFor(r => r.Method)
            .Must(m => m is null || m.ToLowerInvariant() is CredentialsRequest.EmailMethod or "google" or "discord")
            .WithMessage("'method' must be one of email, google or discord.");
        When(r => !r.IsOAuth, () =>
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(256).EmailAddress()
                .Must(e => e is null || !e.Any(char.IsControl)).WithMessage("'email' must not contain control characters.");
            RuleFor(r => r.Password).NotEmpty().MinimumLength(MinimumPasswordLength).MaximumLength(128);
        });
    }
}
