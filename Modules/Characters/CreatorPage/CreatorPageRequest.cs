using FastEndpoints;
using FluentValidation;
using KissChat.Characters.Paging;

namespace KissChat.Characters.CreatorPage;

/// <param name="Username">The creator's username, in any case.</param>
internal sealed record CreatorPageRequest(string Username, string? Cursor, string? Limit);

internal sealed class CreatorPageValidator : Validator<CreatorPageRequest>
{
    /// <summary>No username is longer; anything else is not one, and is refused before it reaches the database.</summary>
    private const int UsernameLength = 50;

    public CreatorPageValidator()
    {
        RuleFor(r => r.Username)
            .Must(u => u.Length <= UsernameLength && !u.Any(char.IsControl))
            .WithMessage($"'username' is at most {UsernameLength} characters without control characters.");
        RuleFor(q => q.Cursor).PageCursor(_ => CharacterOrder.Newest);
        RuleFor(q => q.Limit).PageLimit();
    }
}

/// <param name="Bio">A few words the creator wrote about themselves.</param>
internal sealed record CreatorProfile(Guid UserId, string Username, string AvatarUrl, string? Bio, DateTime CreatedAt);

/// <param name="Characters">Their public characters you may see, newest first; pass next_cursor back as cursor for more.</param>
internal sealed record CreatorPageView(CreatorProfile Profile, IReadOnlyList<CharacterListing> Characters, string? NextCursor);
