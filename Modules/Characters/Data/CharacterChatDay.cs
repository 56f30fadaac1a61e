namespace KissChat.Characters.Data;

/// <summary>How many chats were started with a character on one day (UTC): the "trending" order sums the last seven.</summary>
internal sealed class CharacterChatDay
{
    public Guid CharacterId { get; init; }

    public DateOnly Day { get; init; }

    public int Chats { get; init; }
}
