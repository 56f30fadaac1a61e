using System.Globalization;
using KissChat.Characters.Data;

namespace KissChat.Characters.Catalog;

/// <summary>
/// The description part of a character's prompt: every attribute that has a value, labelled so the model can tell them
/// apart. The instruction, personality, scenario, examples and post-history instructions are parts of their own (see
/// <see cref="Contracts.CharacterCard"/>). Empty attributes leave no trace, and so do the tags: they sort the character in
/// the library (and choose lore by its character filter), and SillyTavern never sends a card's tags to the model.
/// </summary>
internal static class CharacterDescription
{
    /// <summary>Null when the character has nothing but the parts of their own.</summary>
    public static string? Build(Character character)
    {
        string?[] paragraphs =
        [
            Text(character.PublicDescription),
            Section("Backstory", character.Backstory),
            Lines(
                ("Occupation", character.Occupation),
                ("Hobbies", character.Hobbies),
                ("Voice", character.Voice)),
            List(
                "Physical traits:",
                ("Gender", character.Gender),
                ("Heritage", character.Heritage),
                ("Age", character.Age?.ToString(CultureInfo.InvariantCulture)),
                ("Skin tone", character.SkinTone),
                ("Eyes", character.EyeColor),
                ("Hair color", character.HairColor),
                ("Hairstyle", character.Hairstyle),
                ("Body type", character.BodyType),
                ("Breast size", character.BreastSize),
                ("Butt size", character.ButtSize)),
            Section("More physical traits", character.CustomPhysicalTraits),
            Section("More about {{char}}", character.CustomDescriptions),
            Section("Behavior preferences", character.BehaviorPreferences),
        ];
        var parts = paragraphs.OfType<string>().ToList();
        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Section(string label, string? value) => Text(value) is { } text ? $"{label}:\n{text}" : null;

    private static string? Lines(params (string Label, string? Value)[] items) =>
        Labelled(items) is { Count: > 0 } lines ? string.Join('\n', lines) : null;

    private static string? List(string heading, params (string Label, string? Value)[] items) =>
        Labelled(items) is { Count: > 0 } lines ? $"{heading}\n{string.Join('\n', lines.Select(l => $"- {l}"))}" : null;

    private static List<string> Labelled((string Label, string? Value)[] items) =>
        items.Select(i => (i.Label, Text: Text(i.Value))).Where(i => i.Text is not null).Select(i => $"{i.Label}: {i.Text}").ToList();
}
