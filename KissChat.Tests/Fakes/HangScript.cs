using Microsoft.AspNetCore.Http;

namespace KissChat.Tests.Fakes;

internal sealed record HangScript : ModelScript
{
    public override Task RunAsync(HttpContext context, CancellationToken cancellationToken) =>
        Task.Delay(Timeout.Infinite, cancellationToken);
}
