using FluentValidation;

namespace KissChat.Chats.Groups;

/// <summary>A group chat's settings, on <c>chat/new</c> and <c>PATCH chat/{id}</c>; a field left out stays as it is.</summary>
/// <param name="Strategy"><c>list</c> (in turn, the default), <c>natural</c> (a character named in the message, else in turn) or <c>manual</c> (the client names every speaker).</param>
/// <param name="Muted">The members who never speak (all others are unmuted); an empty list unmutes everyone.</param>
internal sealed record GroupSettingsRequest(string? Strategy, IReadOnlyList<Guid>? Muted);

internal sealed class GroupSettingsRules : AbstractValidator<GroupSettingsRequest>
{
    public GroupSettingsRules()
    {
        RuleFor(g => g.Strategy)
            .Must(s => GroupStrategies.All.Contains(s!)).WithMessage($"'strategy' must be one of: {string.Join(", ", GroupStrategies.All)}.")
            .When(g => g.Strategy is not null);
        RuleFor(g => g.Muted)
            .Must(ids => ids!.Distinct().Count() == ids!.Count).WithMessage("'muted' must not repeat a character.")
            .When(g => g.Muted is not null);
    }
}
