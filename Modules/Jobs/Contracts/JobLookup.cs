namespace KissChat.Jobs.Contracts;

public enum JobLookupOutcome
{
    NotFound,
    Forbidden,
    Found,
}

/// <param name="Job">Set when the job is the caller's.</param>
/// <param name="Status">The job's status when it is the caller's.</param>
public sealed record JobLookup(JobLookupOutcome Outcome, JobInfo? Job, string? Status);
