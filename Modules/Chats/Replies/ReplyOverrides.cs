using KissChat.Inference.Contracts;
using FluentValidation;

namespace KissChat.Chats.Replies;

/// <summary>The optional per-request generation settings, bounded by configuration.</summary>
internal interface IReplyOverrides
{
    int? MaxTokens { get; }

    double? Temperature { get; }

    string? Model { get; }
}

/// <summary>The rules every request carrying <see cref="IReplyOverrides"/> includes.</summary>
/// <param name="inference">
/// Read at validation time: validators live as long as the process, the settings belong to the server that answers.
/// </param>
internal sealed class ReplyOverridesValidator : AbstractValidator<IReplyOverrides>
{
    public ReplyOverridesValidator(Func<InferenceOptions> inference)
    {
        RuleFor(r => r.MaxTokens)
            .Must(t => t >= 1 && t <= inference().MaxTokensLimit)
            .WithMessage(_ => $"'max_tokens' must be between 1 and {inference().MaxTokensLimit}.")
            .When(r => r.MaxTokens is not null);
        RuleFor(r => r.Temperature).InclusiveBetween(0, 2).When(r => r.Temperature is not null);
        RuleFor(r => r.Model)
            .Must(m => inference().IsModelAllowed(m!))
            .WithMessage(_ => $"'model' must be one of: {string.Join(", ", inference().AllowedModels)}.")
            .When(r => r.Model is not null);
    }
}
