namespace KissChat.Personas.Contracts;

/// <summary>What the Chats module may ask of personas: who the user is in a chat.</summary>
public interface IPersonas
{
    /// <summary>
    /// The persona a chat uses: <paramref name="personaId"/> when it is still the user's, else the user's default persona,
    /// else null (the chat then speaks as the user's profile name).
    /// </summary>
    Task<PersonaCard?> ForChatAsync(Guid? personaId, Guid userId, CancellationToken cancellationToken);

    /// <summary>How SillyTavern knows the persona (its avatar's file name, as the persona backup keys it); null when it is not the user's.</summary>
    Task<string?> SillyTavernKeyAsync(Guid personaId, Guid userId, CancellationToken cancellationToken);

    /// <summary>The user's persona of that name (ignoring case and surrounding spaces), if there is one.</summary>
    Task<Guid?> FindByNameAsync(string name, Guid userId, CancellationToken cancellationToken);
}

/// <summary>Who the user plays: <c>{{user}}</c> is the name, and the description goes into the prompt.</summary>
/// <param name="DescriptionPosition">Where the description goes (<see cref="PersonaPositions"/>).</param>
/// <param name="DescriptionDepth">For <see cref="PersonaPositions.AtDepth"/>: how many messages from the end.</param>
/// <param name="DescriptionRole">For <see cref="PersonaPositions.AtDepth"/>: who it speaks as.</param>
public sealed record PersonaCard(
    Guid Id, string Name, string? Description, string DescriptionPosition = PersonaPositions.InPrompt, int DescriptionDepth = PersonaPositions.DefaultDepth,
    string DescriptionRole = PersonaPositions.SystemRole);

/// <summary>
/// Where a persona's description goes, as SillyTavern's persona management places it: in the system prompt, at the top
/// or bottom of the author's note (on the note's turns), at a depth in the history as a message of its role, or nowhere.
/// </summary>
public static class PersonaPositions
{
    public const string InPrompt = "in_prompt";

    public const string TopOfNote = "top_of_note";

    public const string BottomOfNote = "bottom_of_note";

    public const string AtDepth = "at_depth";

    public const string None = "none";

    /// <summary>SillyTavern's default depth.</summary>
    public const int DefaultDepth = 2;

    public const int MaxDepth = 100;

    public const string SystemRole = "system";

    public static readonly IReadOnlyList<string> All = [InPrompt, TopOfNote, BottomOfNote, AtDepth, None];

    public static readonly IReadOnlyList<string> Roles = [SystemRole, "user", "assistant"];

    /// <summary>SillyTavern's <c>persona_description_positions</c> (its deprecated 1, after the character, is in the prompt).</summary>
    public static string FromSillyTavern(double? number) => number switch
    {
        2 => TopOfNote,
        3 => BottomOfNote,
        4 => AtDepth,
        9 => None,
        _ => InPrompt,
    };

    public static int ToSillyTavern(string position) => position switch
    {
        TopOfNote => 2,
        BottomOfNote => 3,
        AtDepth => 4,
        None => 9,
        _ => 0,
    };
}

/// <summary>Lets other modules point a foreign key at personas without seeing the entity class.</summary>
public static class PersonaModel
{
    public const string EntityTypeName = "KissChat.Personas.Data.Persona";
}
