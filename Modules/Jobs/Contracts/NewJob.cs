namespace KissChat.Jobs.Contracts;

/// <param name="Key">The client's Idempotency-Key and its request's fingerprint, when it sent one.</param>
public sealed record NewJob(string Kind, Guid UserId, Guid? SubjectId, string Payload, RequestKey? Key = null);
