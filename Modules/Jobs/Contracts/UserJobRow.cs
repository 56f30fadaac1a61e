using System.Data.Common;

namespace KissChat.Jobs.Contracts;

/// <summary>
/// A row of <see cref="IJobs.UnfinishedSubjectsQuery"/>: an unfinished job's subject, or (<see cref="KeyedJobId"/> set)
/// the job stored with the request's Idempotency-Key, finished or not, and the fingerprint of the request that stored it.
/// </summary>
public readonly record struct UserJobRow(Guid? SubjectId, Guid? KeyedJobId, string? KeyedRequestHash)
{
    public static UserJobRow Read(DbDataReader row) => row.FieldCount == 1
        ? new(NullableGuid(row, 0), null, null)
        : new(NullableGuid(row, 0), NullableGuid(row, 1), row.IsDBNull(2) ? null : row.GetString(2));

    private static Guid? NullableGuid(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetGuid(column);
}
