using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Chats.Prompt;

/// <summary>
/// What a SillyTavern world-info entry says beyond its keys, kept in <see cref="LoreEntry.Extensions"/> under its names
/// (as imported, or as the lorebook API's <c>extensions</c> were written), read for the activation once per entry: a
/// book is parsed once after it changes, and every turn activates the same entries.
/// </summary>
/// <param name="Groups">The inclusion groups it belongs to (<c>group</c>, names separated by commas).</param>
/// <param name="GroupOverride">Wins its inclusion groups over entries without it, the highest insertion order first.</param>
/// <param name="GroupWeight">Its chance among the other entries of a group that fire with it (SillyTavern's default, 100).</param>
/// <param name="GroupScoring">In its groups, only the entries whose keys match most are drawn from.</param>
/// <param name="IgnoresBudget">Goes in whatever its book's token budget has left.</param>
/// <param name="ScanDepth">Its own scan depth, over its book's.</param>
/// <param name="Delay">Fires only once the chat has at least this many messages (<c>delay</c>).</param>
/// <param name="DelayUntilRecursion">Fires only in recursion, from this step on (<c>delayUntilRecursion</c>: true is 1); 0 when not delayed.</param>
/// <param name="Triggers">The kinds of generation it fires for (<c>normal</c>, <c>continue</c>, <c>impersonate</c>, <c>swipe</c>…); empty for all.</param>
/// <param name="OutletName">For an <c>outlet</c> entry: the name a <c>{{outlet::name}}</c> macro asks for its content by.</param>
/// <param name="AlsoScanned">Besides the chat, where its keys are looked for (the <c>match…</c> settings).</param>
/// <param name="Sticky">Once fired, stays in for this many messages of the chat whatever its keys (<c>sticky</c>; see <see cref="TimedLore"/>).</param>
/// <param name="Cooldown">Once fired, cannot fire again for this many messages (<c>cooldown</c>).</param>
/// <param name="Characters">The characters it is kept to, or from (<c>characterFilter</c>); null when it is for all.</param>
/// <param name="AroundNote">Imported at SillyTavern's positions 2 or 3, and still at a depth: it goes in with the author's note, before or after it.</param>
internal sealed record SillyTavernEntry(
    IReadOnlyList<string> Groups,
    bool GroupOverride,
    int GroupWeight,
    bool GroupScoring,
    bool IgnoresBudget,
    int? ScanDepth,
    int Delay,
    int DelayUntilRecursion,
    IReadOnlyList<string> Triggers,
    string? OutletName,
    LoreSource AlsoScanned,
    int Sticky,
    int Cooldown,
    CharacterFilter? Characters,
    NoteSide? AroundNote)
{
    /// <summary>The longest sticky or cooldown kept: a chat never grows that long, and the end it is counted to cannot overflow.</summary>
    private const int MaxDuration = 1_000_000;

    private static readonly SillyTavernEntry Plain = new([], false, 100, false, false, null, 0, 0, [], null, LoreSource.None, 0, 0, null, null);

    private static readonly ConditionalWeakTable<LoreEntry, SillyTavernEntry> Read = new();

    private static readonly (string Name, LoreSource Source)[] Sources =
    [
        ("matchPersonaDescription", LoreSource.PersonaDescription),
        ("matchCharacterDescription", LoreSource.CharacterDescription),
        ("matchCharacterPersonality", LoreSource.CharacterPersonality),
        ("matchCharacterDepthPrompt", LoreSource.CharacterDepthPrompt),
        ("matchScenario", LoreSource.Scenario),
        ("matchCreatorNotes", LoreSource.CreatorNotes),
    ];

    /// <summary>It has a sticky or a cooldown: its firing is remembered by the chat.</summary>
    public bool IsTimed => Sticky > 0 || Cooldown > 0;

    public static SillyTavernEntry Of(LoreEntry entry) => entry.Extensions is null ? Plain : Read.GetValue(entry, From);

    /// <summary>The texts besides the chat its keys are looked for in, those that are there.</summary>
    public IEnumerable<string> ScannedIn(LoreSources sources) =>
        new (LoreSource Source, string? Text)[]
        {
            (LoreSource.PersonaDescription, sources.Persona),
            (LoreSource.CharacterDescription, sources.Card?.Description),
            (LoreSource.CharacterPersonality, sources.Card?.Personality),
            (LoreSource.CharacterDepthPrompt, sources.Card?.Note?.Prompt),
            (LoreSource.Scenario, sources.Card?.Scenario),
            (LoreSource.CreatorNotes, sources.Card?.CreatorNotes),
        }.Where(s => AlsoScanned.HasFlag(s.Source) && s.Text is not null).Select(s => s.Text!);

    private static SillyTavernEntry From(LoreEntry entry)
    {
        var extensions = entry.Extensions!;
        return new SillyTavernEntry(
            LoreJson.Text(extensions["group"]) is { } names ? names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
            Flag(extensions, "groupOverride"),
            Number(extensions, "groupWeight") ?? 100,
            Flag(extensions, "useGroupScoring"),
            Flag(extensions, "ignoreBudget"),
            Number(extensions, "scanDepth") is >= 0 and var depth ? depth : null,
            Number(extensions, "delay") ?? 0,
            LoreJson.Flag(extensions["delayUntilRecursion"]) is { } delays
                ? (delays ? 1 : 0)
                : Math.Max(0, Number(extensions, "delayUntilRecursion") ?? 0),
            extensions["triggers"] is JsonArray triggers ? [.. triggers.Select(LoreJson.Text).OfType<string>()] : [],
            LoreJson.Text(extensions["outletName"])?.Trim() is { Length: > 0 } outlet ? outlet : null,
            Sources.Where(s => Flag(extensions, s.Name)).Aggregate(LoreSource.None, (all, s) => all | s.Source),
            Math.Clamp(Number(extensions, "sticky") ?? 0, 0, MaxDuration),
            Math.Clamp(Number(extensions, "cooldown") ?? 0, 0, MaxDuration),
            CharacterFilter.From(extensions["characterFilter"]),
            entry.Position != LorePositions.AtDepth ? null : Number(extensions, "position") switch
            {
                2 => NoteSide.Before,
                3 => NoteSide.After,
                _ => null,
            });
    }

    private static bool Flag(JsonObject extensions, string name) => LoreJson.Flag(extensions[name]) == true;

    private static int? Number(JsonObject extensions, string name) => LoreJson.Clamped(extensions[name]);
}

/// <summary>Where an entry around the author's note goes: SillyTavern's "top of AN" (2) and "bottom of AN" (3).</summary>
internal enum NoteSide
{
    Before,
    After,
}

/// <summary>
/// SillyTavern's character filter: an entry kept to the characters it names or that carry one of its tags, or, excluding,
/// kept from them. SillyTavern names a character by its avatar's file name, which is its name unless two share one; here
/// the name is compared, ignoring case. Its tags are its own install's ids, so an imported filter's tags name none of the
/// tags here; tags written here by name are compared by name, ignoring case. As there, a character without tags is kept
/// out of an entry for some tags; one whose tags are not known (a copy pinned before they were kept) is not judged by them.
/// </summary>
internal sealed record CharacterFilter(bool Excludes, IReadOnlyList<string> Names, IReadOnlyList<string> Tags)
{
    public static CharacterFilter? From(JsonNode? filter)
    {
        if (filter is not JsonObject members)
        {
            return null;
        }

        IReadOnlyList<string> names = Texts(members["names"]), tags = Texts(members["tags"]);
        return names.Count == 0 && tags.Count == 0 ? null : new CharacterFilter(LoreJson.Flag(members["isExclude"]) == true, names, tags);
    }

    /// <summary>Whether the entry may fire for the character the prompt is for.</summary>
    public bool Lets(LoreCharacter character) =>
        !(Names.Count > 0 && Names.Contains(character.Name, StringComparer.OrdinalIgnoreCase) == Excludes)
        && !(Tags.Count > 0 && character.Tags is { } tags && tags.Any(t => Tags.Contains(t, StringComparer.OrdinalIgnoreCase)) == Excludes);

    private static string[] Texts(JsonNode? list) => list is JsonArray items ? [.. items.Select(LoreJson.Text).OfType<string>()] : [];
}

/// <summary>The character a turn's prompt is for (in a group chat, the one who speaks), as a lore entry's <see cref="CharacterFilter"/> sees it.</summary>
/// <param name="Tags">Its tags; null when they are not known.</param>
internal sealed record LoreCharacter(string Name, IReadOnlyList<string>? Tags);

/// <summary>Texts besides the chat an entry may ask its keys to be looked for in.</summary>
[Flags]
internal enum LoreSource
{
    None = 0,
    PersonaDescription = 1,
    CharacterDescription = 2,
    CharacterPersonality = 4,
    CharacterDepthPrompt = 8,
    Scenario = 16,
    CreatorNotes = 32,
}
