using Coravel.Invocable;

namespace KissChat.Jobs.Running;

/// <summary>Coravel's invocable for one kind of job: it runs the queued job, in the scope Coravel made for it.</summary>
internal sealed class RunJob<THandler>(JobRunner runner) : IInvocable, IInvocableWithPayload<Guid>
{
    public Guid Payload { get; set; }

    public Task Invoke() => runner.RunAsync(Payload);
}
