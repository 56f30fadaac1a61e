using FastEndpoints;
using FluentValidation;

namespace KissChat.Chats.Echo;

internal sealed record EchoRequest(string? Message);

internal sealed class EchoValidator : Validator<EchoRequest>
{
    public EchoValidator() => RuleFor(r => r.Message).NotNull().MaximumLength(8000);
}
