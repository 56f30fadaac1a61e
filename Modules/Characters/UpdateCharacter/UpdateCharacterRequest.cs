using System.Text.Json.Serialization;
using FluentValidation;
using KissChat.Characters.Editing;
using KissChat.Kernel.Endpoints;

namespace KissChat.Characters.UpdateCharacter;

/// <summary>
/// A partial update of the character <see cref="Id"/> (from the route). A field left out stays as it is; a field sent
/// as null (or blank) is cleared to its create default: text to null, tags and alternate greetings to none,
/// <c>ai_generated_behavior</c> and <c>nsfw</c> to false, <c>visibility</c> to private, <c>definition_visibility</c> to public.
/// <c>name</c> cannot be cleared.
/// </summary>
internal sealed record UpdateCharacterRequest : CharacterFields, IPartialBody<UpdateCharacterRequest>
{
    public Guid Id { get; init; }

    /// <summary>The C# names of the fields the body named, null included (see <see cref="PartialBodyBinder{TRequest}"/>).</summary>
    [JsonIgnore]
    public IReadOnlySet<string> SentProperties { get; init; } = new HashSet<string>();

    public override bool Sets(string property) => SentProperties.Contains(property);

    public UpdateCharacterRequest Bind(UpdateCharacterRequest route, IReadOnlySet<string> sentProperties) =>
        this with { Id = route.Id, SentProperties = sentProperties };
}

internal sealed class UpdateCharacterValidator : CharacterFieldsValidator<UpdateCharacterRequest>
{
    public UpdateCharacterValidator() =>
        RuleFor(r => r.SentProperties)
            .NotEmpty()
            .OverridePropertyName("body")
            .WithMessage("Send at least one field to change.");
}
