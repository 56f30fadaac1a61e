using System.Text.Json.Nodes;
using KissChat.Personas.Data;

namespace KissChat.Personas.ImportPersonas;

/// <summary>One persona of a backup: its key (SillyTavern's avatar file name), name and description.</summary>
internal sealed record BackedUpPersona(string Key, string Name, string? Description);

/// <summary>
/// SillyTavern's persona backup (Persona Management's Backup and Restore): <c>personas</c> maps each persona's avatar
/// file to its name, <c>persona_descriptions</c> maps it to <c>{description, position, depth, role}</c>, and
/// <c>default_persona</c> names the default's avatar file. KissChat has no avatar files, so a persona's key is its id.
/// </summary>
internal static class PersonaBackup
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The personas in the file's order and the default's key; null when the file is not a persona backup.</summary>
    public static (IReadOnlyList<BackedUpPersona> Personas, string? DefaultKey)? Read(JsonObject file)
    {
        if (file["personas"] is not JsonObject names || file["persona_descriptions"] is not JsonObject descriptions)
        {
            return null;
        }

        var personas = names
            .Select(p => new BackedUpPersona(p.Key, Text(p.Value) ?? string.Empty, descriptions[p.Key] is JsonObject about ? Text(about["description"]) : null))
            .ToList();
        return (personas, Text(file["default_persona"]));
    }

    public static JsonObject Write(IEnumerable<Persona> personas)
    {
        var names = new JsonObject();
        var descriptions = new JsonObject();
        string? defaultKey = null;
        foreach (var persona in personas)
        {
            var key = Key(persona);
            names[key] = persona.Name;
            // SillyTavern's defaults for a description: in the prompt (position 0), depth 2, as a system message.
            descriptions[key] = new JsonObject { ["description"] = persona.Description ?? string.Empty, ["position"] = 0, ["depth"] = 2, ["role"] = 0 };
            defaultKey = persona.IsDefault ? key : defaultKey;
        }

        return new JsonObject { ["personas"] = names, ["persona_descriptions"] = descriptions, ["default_persona"] = defaultKey };
    }

    private static string Key(Persona persona) => $"{persona.Id}.png";

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
