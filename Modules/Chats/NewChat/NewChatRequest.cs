using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Groups;

namespace KissChat.Chats.NewChat;

/// <summary>A chat with one character (<c>character_id</c>, as the seed), or a group chat (<c>character_ids</c>).</summary>
/// <param name="CharacterIds">2 to 8 different characters, in their turn order; instead of <c>character_id</c>.</param>
/// <param name="Group">A group chat's strategy and muted members (only with <c>character_ids</c>).</param>
internal sealed record NewChatRequest(Guid? CharacterId, IReadOnlyList<Guid>? CharacterIds = null, GroupSettingsRequest? Group = null);

internal sealed class NewChatValidator : Validator<NewChatRequest>
{
    public NewChatValidator()
    {
        RuleFor(r => r.CharacterId).NotEmpty().When(r => r.CharacterIds is null);
        RuleFor(r => r.CharacterIds)
            .Null().WithMessage("Send either 'character_id' or 'character_ids', not both.").When(r => r.CharacterId is not null);
        RuleFor(r => r.CharacterIds!)
            .Must(ids => ids.Count is >= GroupStrategies.MinMembers and <= GroupStrategies.MaxMembers)
            .WithMessage($"'character_ids' must hold {GroupStrategies.MinMembers} to {GroupStrategies.MaxMembers} characters.")
            .Must(ids => ids.Distinct().Count() == ids.Count).WithMessage("'character_ids' must not repeat a character.")
            .Must(ids => !ids.Contains(Guid.Empty)).WithMessage("'character_ids' must not hold an empty id.")
            .When(r => r.CharacterIds is not null && r.CharacterId is null);
        RuleFor(r => r.Group).Null().WithMessage("'group' applies to group chats (character_ids) only.").When(r => r.CharacterIds is null);
        RuleFor(r => r.Group!).SetValidator(new GroupSettingsRules()).When(r => r.Group is not null);
        RuleFor(r => r.Group!.Muted)
            .Must((r, muted) => muted!.All(r.CharacterIds!.Contains)).WithMessage("'group.muted' may only name characters of 'character_ids'.")
            .OverridePropertyName("group.muted")
            .When(r => r.Group?.Muted is not null && r.CharacterIds is not null);
    }
}
