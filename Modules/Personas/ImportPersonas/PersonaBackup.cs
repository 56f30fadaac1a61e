using System.Text.Json.Nodes;
using KissChat.Kernel.Files;
using KissChat.Personas.Contracts;
using KissChat.Personas.Data;

namespace KissChat.Personas.ImportPersonas;

/// <summary>One persona of a backup: its key (SillyTavern's avatar file name), name, description and where that goes.</summary>
internal sealed record BackedUpPersona(string Key, string Name, string? Description, string Position, int Depth, string Role);

/// <summary>
/// SillyTavern's persona backup (Persona Management's Backup and Restore): <c>personas</c> maps each persona's avatar
/// file to its name, <c>persona_descriptions</c> maps it to <c>{description, position, depth, role}</c>, and
/// <c>default_persona</c> names the default's avatar file. KissChat has no avatar files: a persona keeps the key it came
/// in under, and one made here is keyed by its id (<see cref="Persona.SillyTavernKey"/>).
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

        var personas = names.Select(p => Persona(p.Key, Text(p.Value) ?? string.Empty, descriptions[p.Key] as JsonObject)).ToList();
        return (personas, Text(file["default_persona"]));
    }

    public static JsonObject Write(IEnumerable<Persona> personas)
    {
        var names = new JsonObject();
        var descriptions = new JsonObject();
        string? defaultKey = null;
        foreach (var persona in personas)
        {
            var key = persona.SillyTavernKey;
            names[key] = persona.Name;
            descriptions[key] = new JsonObject
            {
                ["description"] = persona.Description ?? string.Empty,
                ["position"] = PersonaPositions.ToSillyTavern(persona.DescriptionPosition),
                ["depth"] = persona.DescriptionDepth,
                ["role"] = Math.Max(0, SillyTavernNumbers.Numbered(persona.DescriptionRole, PersonaPositions.Roles)),
            };
            defaultKey = persona.IsDefault ? key : defaultKey;
        }

        return new JsonObject { ["personas"] = names, ["persona_descriptions"] = descriptions, ["default_persona"] = defaultKey };
    }

    /// <summary>A backed-up persona; SillyTavern's defaults (in the prompt, depth 2, system) for what its descriptor leaves out or gets wrong.</summary>
    private static BackedUpPersona Persona(string key, string name, JsonObject? about)
    {
        var depth = SillyTavernNumbers.Finite(about?["depth"]) is { } given ? (int)Math.Clamp(given, 0, PersonaPositions.MaxDepth) : PersonaPositions.DefaultDepth;
        var role = SillyTavernNumbers.Named(SillyTavernNumbers.Finite(about?["role"]), PersonaPositions.Roles) ?? PersonaPositions.SystemRole;
        return new BackedUpPersona(key, name, Text(about?["description"]), PersonaPositions.FromSillyTavern(SillyTavernNumbers.Finite(about?["position"])), depth, role);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
