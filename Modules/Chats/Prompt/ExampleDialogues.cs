using System.Text.RegularExpressions;

namespace KissChat.Chats.Prompt;

/// <summary>A card's <c>mes_example</c>: dialogues, each opened by <c>&lt;START&gt;</c>, kept or dropped one by one.</summary>
internal static partial class ExampleDialogues
{
    public const string Marker = "<START>";

    public static IReadOnlyList<string> Split(string? examples) =>
        string.IsNullOrWhiteSpace(examples)
            ? []
            : [.. Start().Split(examples).Select(e => e.Trim()).Where(e => e.Length > 0).Select(e => $"{Marker}\n{e}")];

    [GeneratedRegex("<START>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Start();
}
