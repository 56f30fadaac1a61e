using FluentValidation;
using KissChat.Chats.Data;
using KissChat.Kernel.Validation;

namespace KissChat.Chats.Folders;

/// <summary>A folder is only a name on the user's chats: trimmed, and blank (or invisible) means none.</summary>
internal static class ChatFolders
{
    public static string? Normalize(string? folder) => TextRules.IsBlank(folder) ? null : folder!.Trim();

    public static IRuleBuilderOptions<T, string?> Folder<T>(this IRuleBuilder<T, string?> rule) =>
        rule
            .Must(f => f is null || f.Trim().Length <= Chat.MaxFolderLength).WithMessage($"'folder' must be {Chat.MaxFolderLength} characters or fewer.")
            .Must(f => f is null || !f.Any(char.IsControl)).WithMessage("'folder' must not contain control characters.");
}
