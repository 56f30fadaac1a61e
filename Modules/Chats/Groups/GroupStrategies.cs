namespace KissChat.Chats.Groups;

/// <summary>How a group chat's next speaker is chosen when a reply does not name one.</summary>
internal static class GroupStrategies
{
    /// <summary>In turn: the member after the last one who spoke, in the group's order.</summary>
    public const string List = "list";

    /// <summary>A member named in the message being answered (the first named), else in turn.</summary>
    public const string Natural = "natural";

    /// <summary>The client chooses every speaker with <c>character_id</c>.</summary>
    public const string Manual = "manual";

    public static readonly IReadOnlyList<string> All = [List, Natural, Manual];

    public const int MinMembers = 2;

    public const int MaxMembers = 8;
}
