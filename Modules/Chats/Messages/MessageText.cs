using FluentValidation;

namespace KissChat.Chats.Messages;

/// <summary>What a message's text written through the API must be: some text, within <c>Chats:MaxMessageCharacters</c>, no NUL.</summary>
internal static class MessageText
{
    public static IRuleBuilderOptions<T, string?> ValidMessageText<T>(this IRuleBuilder<T, string?> rule, Func<ChatsOptions> options) => rule
        .NotEmpty().WithMessage("'content' must not be empty or blank.")
        .Must(c => c is null || c.Length <= options().MaxMessageCharacters)
        .WithMessage(_ => $"'content' must be {options().MaxMessageCharacters} characters or fewer.")
        .Must(c => c is null || !c.Contains('\0', StringComparison.Ordinal)).WithMessage("'content' must not contain NUL characters.");
}
