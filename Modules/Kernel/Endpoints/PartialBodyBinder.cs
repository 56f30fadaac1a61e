using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using FluentValidation.Results;

namespace KissChat.Kernel.Endpoints;

/// <summary>A PATCH request that tells a member sent as null (clear it) from one left out (keep it).</summary>
public interface IPartialBody<TSelf>
    where TSelf : IPartialBody<TSelf>
{
    /// <summary>This body with the route's values of <paramref name="route"/> and the C# names of the properties the body named.</summary>
    TSelf Bind(TSelf route, IReadOnlySet<string> sentProperties);
}

/// <summary>
/// A typed body cannot tell <c>{"x": null}</c> from <c>{}</c>, so the body is read as a JSON document first: the
/// properties it names are handed to <see cref="IPartialBody{TSelf}.Bind"/>. Route values (the <c>Id</c>) come from the route.
/// </summary>
public sealed class PartialBodyBinder<TRequest>() : RequestBinder<TRequest>(BindingSource.RouteValues)
    where TRequest : class, IPartialBody<TRequest>
{
    public override async ValueTask<TRequest> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var route = await base.BindAsync(ctx, ct);
        // Malformed JSON throws here, and FastEndpoints answers a 400 naming the field like for any other body.
        using var body = await JsonDocument.ParseAsync(ctx.HttpContext.Request.Body, cancellationToken: ct);
        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            ctx.ValidationFailures.Add(new ValidationFailure("body", "The request body must be a JSON object."));
            throw new ValidationFailureException(ctx.ValidationFailures, "The request body is not a JSON object.");
        }

        var request = body.RootElement.Deserialize<TRequest>(ctx.SerializerOptions)!;
        return request.Bind(route, FieldsNamedIn(body.RootElement, ctx.SerializerOptions));
    }

    /// <summary>Maps the body's keys to properties the way the serializer does (snake_case, case-insensitive); other keys are ignored.</summary>
    private static HashSet<string> FieldsNamedIn(JsonElement body, JsonSerializerOptions options)
    {
        var byJsonName = options.GetTypeInfo(typeof(TRequest)).Properties
            .Where(p => p.AttributeProvider is PropertyInfo { Name: not "Id" })
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
