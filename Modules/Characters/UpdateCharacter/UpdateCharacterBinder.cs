using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using FluentValidation.Results;

namespace KissChat.Characters.UpdateCharacter;

/// <summary>
/// A typed body cannot tell <c>{"greeting": null}</c> from <c>{}</c>, so the body is read as a JSON document first:
/// the fields it names become <see cref="UpdateCharacterRequest.SentProperties"/>. The id comes from the route.
/// </summary>
internal sealed class UpdateCharacterBinder() : RequestBinder<UpdateCharacterRequest>(BindingSource.RouteValues)
{
    public override async ValueTask<UpdateCharacterRequest> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var route = await base.BindAsync(ctx, ct);
        // Malformed JSON throws here, and FastEndpoints answers a 400 naming the field like for any other body.
        using var body = await JsonDocument.ParseAsync(ctx.HttpContext.Request.Body, cancellationToken: ct);
        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            ctx.ValidationFailures.Add(new ValidationFailure("body", "The request body must be a JSON object."));
            throw new ValidationFailureException(ctx.ValidationFailures, "The request body is not a JSON object.");
        }

        var request = body.RootElement.Deserialize<UpdateCharacterRequest>(ctx.SerializerOptions)!;
        return request with { Id = route.Id, SentProperties = FieldsNamedIn(body.RootElement, ctx.SerializerOptions) };
    }

    /// <summary>Maps the body's keys to properties the way the serializer does (snake_case, case-insensitive); other keys are ignored.</summary>
    private static HashSet<string> FieldsNamedIn(JsonElement body, JsonSerializerOptions options)
    {
        var byJsonName = options.GetTypeInfo(typeof(UpdateCharacterRequest)).Properties
            .Where(p => p.AttributeProvider is PropertyInfo { Name: not nameof(UpdateCharacterRequest.Id) })
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
