namespace KissChat.Jobs.Contracts;

public sealed record NewJob(string Kind, Guid UserId, Guid? SubjectId, string Payload);
