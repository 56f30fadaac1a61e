using KissChat.Characters.Contracts;
using KissChat.Chats.Pinning;
using KissChat.Lorebooks.Contracts;

namespace KissChat.Tests.Chats;

/// <summary>A pinned copy's stored text is parsed once while it stays the same, and only the same text finds it.</summary>
public sealed class PinnedCardsTests
{
    [Fact]
    public void ALargeCopyIsParsedOnceAndAnyOtherTextIsParsedAsItself()
    {
        var stored = PinnedCards.Write(Card("The well is dry."));
        var changed = PinnedCards.Write(Card("The well is full."));
        var small = PinnedCards.Write(Card("x", entries: 1));

        var first = PinnedCards.Read(stored);
        var again = PinnedCards.Read(new string(stored.AsSpan()));
        var other = PinnedCards.Read(changed);

        Assert.True(stored.Length > 16 * 1024, $"{stored.Length} characters: too short to be kept");
        Assert.Same(first, again);
        Assert.Equal("The well is full.", other.Book!.Entries[0].Content);
        Assert.Equal("The well is dry.", first.Book!.Entries[0].Content);
        Assert.NotSame(PinnedCards.Read(small), PinnedCards.Read(small));
    }

    private static CharacterCard Card(string lore, int entries = 300) => new(
        Guid.NewGuid(), "Mira", null, "An innkeeper.", null, null, null, null,
        new LoreBook("World", null, null, null, false, [.. Enumerable.Range(0, entries).Select(i => new LoreEntry { Id = i, Keys = [$"well{i}"], Content = lore })]));
}
