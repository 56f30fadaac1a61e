using System.Globalization;
using KissChat.Characters.Data;

namespace KissChat.Characters.Persona;

/// <summary>
/// Turns a character into the system message a chat starts with: the owner's own instruction first (it is
/// the most deliberate thing they wrote), then the role-play framing, then every attribute that has a value,
/// labelled so the model can tell them apart, and any post-history instructions last. Empty attributes leave no trace.
/// </summary>
internal static class PersonaPrompt
{
    public static string Build(Character character)
    {
        string?[] paragraphs =
        [
            Text(character.SystemInstruction),
            $"You are {character.Name}, a character in a role-play with the user. Stay in character as {character.Name} "
                + "for the whole conversation: speak, think and act as they would, shaped by everything below.",
            Section("Personality", character.Personality),
            Section("Scenario", character.Scenario),
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
            Section("More about you", character.CustomDescriptions),
            Section("Behavior preferences", character.BehaviorPreferences),
            Section("Example dialogue", character.MesExample),
            Section("How you are publicly described", character.PublicDescription),
            character.Tags.Count == 0 ? null : $"Tags: {string.Join(", ", character.Tags)}",
            // Cards mean these to follow the chat history; in the opening system message, last is the closest place.
            Section("Final instructions", character.PostHistoryInstructions),
        ];
        return string.Join("\n\n", paragraphs.Where(p => p is not null));
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
