using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using KissChat.Characters.Editing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace KissChat.Characters.UpdateCharacter;

/// <summary>
/// A partial update. A typed body cannot tell <c>{"greeting": null}</c> from <c>{}</c>, so the body is read as a
/// JSON document first: the fields it names are <see cref="SentProperties"/>. A field left out stays as it is; a
/// field sent as null (or blank) is cleared to its create default: text to null, tags and alternate greetings to none,
/// <c>ai_generated_behavior</c> to false, <c>visibility</c> to private. <c>name</c> cannot be cleared.
/// </summary>
internal sealed record UpdateCharacterRequest : CharacterFields
{
    /// <summary>The C# names of the properties the body named.</summary>
    [JsonIgnore]
    public IReadOnlySet<string> SentProperties { get; init; } = new HashSet<string>();

    public override bool Sets(string property) => SentProperties.Contains(property);

    public static async ValueTask<UpdateCharacterRequest?> BindAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The request body must be JSON.", StatusCodes.Status415UnsupportedMediaType);
        }

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var request = document.RootElement.Deserialize<UpdateCharacterRequest>(options)
                ?? throw new BadHttpRequestException("The request body must be a JSON object.", StatusCodes.Status400BadRequest);
            return request with { SentProperties = PropertiesNamedIn(document.RootElement, options) };
        }
        catch (JsonException exception)
        {
            // The exception handler turns this into a 400 naming the malformed field, as for any other JSON body.
            throw new BadHttpRequestException("The request body is not valid JSON.", StatusCodes.Status400BadRequest, exception);
        }
    }

    /// <summary>Maps the body's keys to properties the way the serializer does (snake_case, case-insensitive); unknown keys are ignored.</summary>
    private static HashSet<string> PropertiesNamedIn(JsonElement body, JsonSerializerOptions options)
    {
        var byJsonName = options.GetTypeInfo(typeof(UpdateCharacterRequest)).Properties
            .Where(p => p.AttributeProvider is PropertyInfo)
            .ToDictionary(
                p => p.Name,
                p => ((PropertyInfo)p.AttributeProvider!).Name,
                options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        return body.EnumerateObject()
            .Select(p => byJsonName.GetValueOrDefault(p.Name))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }
}

internal sealed class UpdateCharacterRequestValidator : CharacterFieldsValidator<UpdateCharacterRequest>
{
    public UpdateCharacterRequestValidator() =>
        RuleFor(r => r.SentProperties)
            .NotEmpty()
            .OverridePropertyName("body")
            .WithMessage("Send at least one field to change.");
}
