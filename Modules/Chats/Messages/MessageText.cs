using FluentValidation;

namespace KissChat.Chats.Messages;

/// <summary>What a message's text written through the API must be: some text, within <c>Chats:MaxMessageCharacters</c>, no NUL.</summary>
internal static class MessageText
{
    public static IRuleBuilderOptions<T, string?> ValidMessageText<T>(this IRuleBuilder<T, string?> rule, Func<ChatsOptions> options) => rule
        .NotEmpty().WithMessage("'content' must not be empty or blank.")
        .WithinMessageLimits(options, "content");

    /// <summary>Any text a message keeps (its content, a reply's reasoning), named <paramref name="name"/>: within the limit, no NUL.</summary>
    public static IRuleBuilderOptions<T, string?> WithinMessageLimits<T>(this IRuleBuilder<T, string?> rule, Func<ChatsOptions> options, string name) =>
        rule.WithinLimits(name, () => options().MaxMessageCharacters);

    /// <summary>A request's <c>prompt</c> (a message about to be sent, or a direction): within <c>Chats:MaxPromptCharacters</c>, no NUL.</summary>
    public static IRuleBuilderOptions<T, string?> WithinPromptLimits<T>(this IRuleBuilder<T, string?> rule, Func<ChatsOptions> options) =>
        rule.WithinLimits("prompt", () => options().MaxPromptCharacters);

    private static IRuleBuilderOptions<T, string?> WithinLimits<T>(this IRuleBuilder<T, string?> rule, string name, Func<int> maxCharacters) => rule
        .Must(text => text is null || text.Length <= maxCharacters())
        .WithMessage(_ => $"'{name}' must be {maxCharacters()} characters or fewer.")
        .Must(text => text is null || !text.Contains('\0', StringComparison.Ordinal)).WithMessage($"'{name}' must not contain NUL characters.");
}
