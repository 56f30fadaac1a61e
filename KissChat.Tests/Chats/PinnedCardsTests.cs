using System.Text.Json;
using KissChat.Characters.Contracts;
using KissChat.Chats.Pinning;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Tests.Chats;

/// <summary>A pinned copy's stored text is parsed once while it stays the same, and only the same text finds it.</summary>
public sealed class PinnedCardsTests
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public void ALargeCopyIsParsedOnceAndAnyOtherTextIsParsedAsItself()
    {
        var stored = JsonSerializer.Serialize(Card("The well is dry."), Json);
        var changed = JsonSerializer.Serialize(Card("The well is full."), Json);
        var small = JsonSerializer.Serialize(Card("x", entries: 1), Json);

        var first = PinnedCards.Read(stored, Json);
        var again = PinnedCards.Read(new string(stored.AsSpan()), Json);
        var other = PinnedCards.Read(changed, Json);

        Assert.True(stored.Length > 16 * 1024, $"{stored.Length} characters: too short to be kept");
        Assert.Same(first, again);
        Assert.Equal("The well is full.", other!.Book!.Entries[0].Content);
        Assert.Equal("The well is dry.", first!.Book!.Entries[0].Content);
        Assert.NotSame(PinnedCards.Read(small, Json), PinnedCards.Read(small, Json));
    }

    private static CharacterCard Card(string lore, int entries = 300) => new(
        Guid.NewGuid(), "Mira", null, "An innkeeper.", null, null, null, null,
        new LoreBook("World", null, null, null, false, [.. Enumerable.Range(0, entries).Select(i => new LoreEntry { Id = i, Keys = [$"well{i}"], Content = lore })]));
}
