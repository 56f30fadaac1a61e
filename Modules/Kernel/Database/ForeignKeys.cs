using Npgsql;

namespace KissChat.Kernel.Database;

public static class ForeignKeys
{
    /// <summary>
    /// Whether a write failed because a row it points at is gone: deleted by another request between the checks before
    /// the write and the write itself. Such a race is the client's to retry (a 404 or 409), not a server error.
    /// </summary>
    public static bool WereViolatedIn(Exception exception) => ConstraintErrors.In(exception, [787], PostgresErrorCodes.ForeignKeyViolation);
}
