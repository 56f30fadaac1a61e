using KissChat.Personas.Data;

namespace KissChat.Personas;

internal sealed record PersonaView(Guid Id, string Name, string? Description, string? AvatarUrl, bool IsDefault, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static PersonaView From(Persona persona) =>
        new(persona.Id, persona.Name, persona.Description, persona.AvatarUrl, persona.IsDefault, persona.CreatedAt, persona.UpdatedAt);
}
