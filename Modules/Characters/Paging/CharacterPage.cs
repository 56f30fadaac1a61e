namespace KissChat.Characters.Paging;

/// <summary><c>{"data": [...], "next_cursor": "..." | null}</c>: pass <c>next_cursor</c> back as <c>cursor</c> for the next page.</summary>
internal sealed record CharacterPage(IReadOnlyList<CharacterView> Data, string? NextCursor);

/// <summary>A page of a public listing: summaries without definitions, and the cursor of the next page.</summary>
internal sealed record CharacterListingPage(IReadOnlyList<CharacterListing> Data, string? NextCursor);
