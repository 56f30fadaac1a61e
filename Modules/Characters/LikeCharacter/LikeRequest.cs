namespace KissChat.Characters.LikeCharacter;

/// <param name="Id">The character, from the route: your own, or a public one you may see.</param>
internal sealed record LikeCharacterRequest(Guid Id);

/// <param name="Liked">Whether you like it now.</param>
/// <param name="LikeCount">How many users like it.</param>
internal sealed record LikeState(Guid CharacterId, bool Liked, int LikeCount);
