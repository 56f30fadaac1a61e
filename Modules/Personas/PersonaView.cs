using KissChat.Personas.Data;

namespace KissChat.Personas;

/// <param name="DescriptionPosition">Where the description goes in the prompt: <c>in_prompt</c>, <c>top_of_note</c>, <c>bottom_of_note</c>, <c>at_depth</c> or <c>none</c>.</param>
/// <param name="DescriptionDepth">At <c>at_depth</c>: how many messages from the end.</param>
/// <param name="DescriptionRole">At <c>at_depth</c>: <c>system</c>, <c>user</c> or <c>assistant</c>.</param>
internal sealed record PersonaView(
    Guid Id, string Name, string? Description, string? AvatarUrl, bool IsDefault, DateTime CreatedAt, DateTime UpdatedAt,
    string DescriptionPosition, int DescriptionDepth, string DescriptionRole)
{
    public static PersonaView From(Persona persona) =>
        new(persona.Id, persona.Name, persona.Description, persona.AvatarUrl, persona.IsDefault, persona.CreatedAt, persona.UpdatedAt,
            persona.DescriptionPosition, persona.DescriptionDepth, persona.DescriptionRole);
}
