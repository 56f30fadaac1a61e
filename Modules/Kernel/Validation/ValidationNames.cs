using System.Text.Json;
using FluentValidation;

namespace KissChat.Kernel.Validation;

internal static class ValidationNames
{
    /// <summary>Error keys and messages use the JSON field names the client sent, e.g. <c>chat_id</c>.</summary>
    public static void UseJsonFieldNames()
    {
        // A nested member is named by its whole path (author_note.text), as nested validators name theirs; included rule
        // sets have neither a member nor an expression, and their own rules name their fields.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
            (expression is not null && FluentValidation.Internal.PropertyChain.FromExpression(expression).ToString() is { Length: > 0 } path ? path : member?.Name) is { } name
                ? Snake(name)
                : null;
        ValidatorOptions.Global.DisplayNameResolver = (_, member, expression) =>
            member is null ? null : Snake(member.Name);
    }

    private static string Snake(string name) => string.Join('.', name.Split('.').Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
}
