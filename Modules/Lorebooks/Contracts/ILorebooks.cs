namespace KissChat.Lorebooks.Contracts;

/// <summary>What the Chats module may ask of lorebooks: which of these ids are the user's, and the books themselves.</summary>
public interface ILorebooks
{
    /// <summary>The ids, of those given, that name lorebooks of <paramref name="userId"/>.</summary>
    Task<IReadOnlyList<Guid>> OwnedAsync(IReadOnlyCollection<Guid> lorebookIds, Guid userId, CancellationToken cancellationToken);

    /// <summary>The books of <paramref name="userId"/> with these ids, in the order given; ids of other users' books are skipped.</summary>
    Task<IReadOnlyList<LoreBook>> FindAsync(IReadOnlyCollection<Guid> lorebookIds, Guid userId, CancellationToken cancellationToken);

    /// <summary>The user's lorebook of this name (ignoring case and surrounding spaces; the newest of several), if any.</summary>
    Task<Guid?> FindByNameAsync(string name, Guid userId, CancellationToken cancellationToken);
}
