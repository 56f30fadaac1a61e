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

/// <summary>Regenerate and continue take only the overrides.</summary>
internal sealed record ReplyOverridesRequest(int? MaxTokens, double? Temperature, string? Model) : IReplyOverrides;

internal sealed class ReplyOverridesValidator : AbstractValidator<IReplyOverrides>
{
    public ReplyOverridesValidator(InferenceOptions inference)
    {
        RuleFor(r => r.MaxTokens).InclusiveBetween(1, inference.MaxTokensLimit).When(r => r.MaxTokens is not null);
        RuleFor(r => r.Temperature).InclusiveBetween(0, 2).When(r => r.Temperature is not null);
        RuleFor(r => r.Model)
            .Must(m => inference.IsModelAllowed(m!))
            .WithMessage($"'model' must be one of: {string.Join(", ", inference.AllowedModels)}.")
            .When(r => r.Model is not null);
    }
}
