using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Memory;

namespace KissChat.Chats.UpdateMemory;

/// <param name="Id">The chat, from the route.</param>
/// <param name="Summary">The corrected summary; empty clears it.</param>
internal sealed record UpdateMemoryRequest(Guid Id, string? Summary);

internal sealed class UpdateMemoryValidator : Validator<UpdateMemoryRequest>
{
    public UpdateMemoryValidator() =>
        RuleFor(r => r.Summary)
            .NotNull()
            .Must(s => s is null || s.Length <= Resolve<MemoryOptions>().MaxSummaryCharacters)
            .WithMessage(_ => $"'summary' must be {Resolve<MemoryOptions>().MaxSummaryCharacters} characters or fewer.")
            .Must(s => s is null || !s.Contains('\0', StringComparison.Ordinal)).WithMessage("'summary' must not contain NUL characters.");
}
