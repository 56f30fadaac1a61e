using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using KissChat.Chats.Data;
using KissChat.Chats.Folders;
using KissChat.Chats.Groups;
using KissChat.Inference.Contracts;
using KissChat.Kernel.Endpoints;
using KissChat.Kernel.Validation;

namespace KissChat.Chats.UpdateChat;

/// <param name="Text">Inserted into the prompt at each turn; empty, the note's settings still place the lore and the persona's description that go around it.</param>
/// <param name="Depth">How many messages from the end (0: after the last one); 4 when left out.</param>
/// <param name="Role"><c>system</c> (when left out), <c>user</c> or <c>assistant</c>.</param>
/// <param name="Interval">1 (when left out): at every turn; N: when the chat's user messages are a multiple of N; 0: never.</param>
/// <param name="Position"><c>at_depth</c> (when left out), <c>after_main</c> or <c>before_main</c>: after or before the main prompt.</param>
internal sealed record AuthorNoteRequest(string? Text, int? Depth, string? Role = null, int? Interval = null, string? Position = null)
{
    /// <summary>Null when every field is its default, as a chat without a placement has.</summary>
    public AuthorNotePlacement? Placement()
    {
        var placement = new AuthorNotePlacement(Role ?? ChatRoles.System, Interval ?? 1, Position ?? AuthorNotePositions.AtDepth);
        return placement == AuthorNotePlacement.Default ? null : placement;
    }
}

/// <summary>
/// Changes what the body names; a field left out stays. Null clears: <c>persona_id</c> back to your default persona,
/// <c>lorebook_ids</c> to none, <c>settings</c>, <c>author_note</c> and <c>folder</c> to none. <c>title</c> cannot be cleared.
/// </summary>
internal sealed record UpdateChatRequest : IPartialBody<UpdateChatRequest>
{
    /// <summary>The chat, from the route.</summary>
    public Guid Id { get; init; }

    /// <summary>The new title; <c>"auto"</c> asks the chat's model for a short one from its first messages.</summary>
    public string? Title { get; init; }

    /// <summary>One of your personas.</summary>
    public Guid? PersonaId { get; init; }

    /// <summary>Your lorebooks, in the order their lore should go in (the character's own book comes first).</summary>
    public IReadOnlyList<Guid>? LorebookIds { get; init; }

    /// <summary>Generation settings for every reply in this chat, under a request's own and over the preset's.</summary>
    public ChatSettings? Settings { get; init; }

    public AuthorNoteRequest? AuthorNote { get; init; }

    /// <summary>true: use a copy of the character as it is now, whatever its author changes later; false: follow the character again.</summary>
    public bool? Pinned { get; init; }

    public bool? IsFavorite { get; init; }

    /// <summary>Your folder for it, by name (trimmed); null or blank takes it out of its folder.</summary>
    public string? Folder { get; init; }

    /// <summary>A group chat's <c>strategy</c> and <c>muted</c> members.</summary>
    public GroupSettingsRequest? Group { get; init; }

    [JsonIgnore]
    public IReadOnlySet<string> SentProperties { get; init; } = new HashSet<string>();

    public bool Sets(string property) => SentProperties.Contains(property);

    /// <summary>Whether this change shapes the chat's next prompt (a title, a favourite or a folder does not).</summary>
    [JsonIgnore]
    public bool ShapesPrompt =>
        Sets(nameof(PersonaId)) || Sets(nameof(LorebookIds)) || Sets(nameof(Settings)) || Sets(nameof(AuthorNote)) || Sets(nameof(Pinned)) || Sets(nameof(Group));

    public UpdateChatRequest Bind(UpdateChatRequest route, IReadOnlySet<string> sentProperties) => this with { Id = route.Id, SentProperties = sentProperties };
}

internal sealed class UpdateChatValidator : Validator<UpdateChatRequest>
{
    public UpdateChatValidator()
    {
        RuleFor(r => r.SentProperties).NotEmpty().OverridePropertyName("body").WithMessage("Send at least one field to change.");
        RuleFor(r => r.Title)
            .Must(t => !TextRules.IsBlank(t)).WithMessage("'title' must not be empty or blank.")
            .MaximumLength(200)
            .Must(t => t is null || !t.Any(char.IsControl)).WithMessage("'title' must not contain control characters.")
            .When(r => r.Sets(nameof(UpdateChatRequest.Title)));
        RuleFor(r => r.LorebookIds)
            .Must(ids => ids!.Count <= ChatDefaults.MaxLorebooks).WithMessage($"'lorebook_ids' may hold at most {ChatDefaults.MaxLorebooks} lorebooks.")
            .Must(ids => ids!.Distinct().Count() == ids!.Count).WithMessage("'lorebook_ids' must not repeat a lorebook.")
            .When(r => r.LorebookIds is not null);
        RuleFor(r => r.AuthorNote!.Text).NotNull().Prose(ChatDefaults.MaxAuthorNoteLength).When(r => r.AuthorNote is not null);
        RuleFor(r => r.AuthorNote!.Depth).InclusiveBetween(0, ChatDefaults.MaxAuthorNoteDepth).When(r => r.AuthorNote?.Depth is not null);
        RuleFor(r => r.AuthorNote!.Role).Must(AuthorNotePlacement.Roles.Contains)
            .WithMessage($"'author_note.role' must be one of: {string.Join(", ", AuthorNotePlacement.Roles)}.").When(r => r.AuthorNote?.Role is not null);
        RuleFor(r => r.AuthorNote!.Interval).InclusiveBetween(0, AuthorNotePlacement.MaxInterval).When(r => r.AuthorNote?.Interval is not null);
        RuleFor(r => r.AuthorNote!.Position).Must(AuthorNotePositions.All.Contains)
            .WithMessage($"'author_note.position' must be one of: {string.Join(", ", AuthorNotePositions.All)}.").When(r => r.AuthorNote?.Position is not null);
        RuleFor(r => r.IsFavorite).NotNull().When(r => r.Sets(nameof(UpdateChatRequest.IsFavorite)));
        RuleFor(r => r.Folder).Folder();
        RuleFor(r => r.Group).NotNull().WithMessage("'group' cannot be cleared.").When(r => r.Sets(nameof(UpdateChatRequest.Group)));
        RuleFor(r => r.Group!).SetValidator(new GroupSettingsRules()).When(r => r.Group is not null);
        RuleFor(r => r.Settings!).SetValidator(new GenerationSettingsRules(Resolve<InferenceOptions>)).When(r => r.Settings is not null);
    }
}
