using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using FluentValidation;

namespace KissChat.Kernel.Validation;

internal static class ValidationNames
{
    /// <summary>Error keys and messages use the JSON field names the client sent, e.g. <c>chat_id</c>.</summary>
    public static void UseJsonFieldNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) => JsonName(member, expression);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, expression) => member is null ? null : JsonName(member, expression);
    }

    /// <summary>
    /// A nested member is named by its whole path (author_note.text), as nested validators name theirs; included rule
    /// sets have neither a member nor an expression, and their own rules name their fields.
    /// </summary>
    private static string? JsonName(MemberInfo? member, LambdaExpression? expression) =>
        (expression is not null && FluentValidation.Internal.PropertyChain.FromExpression(expression).ToString() is { Length: > 0 } path ? path : member?.Name) is { } name
            ? Snake(name)
            : null;

    private static string Snake(string name) => string.Join('.', name.Split('.').Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
}
