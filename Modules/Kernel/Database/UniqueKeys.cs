using Npgsql;

namespace KissChat.Kernel.Database;

public static class UniqueKeys
{
    /// <summary>
    /// Whether a write failed because a unique index already holds its value: another request wrote it between the
    /// check before the write and the write itself. Any other failure is not the client's to hear about as a conflict.
    /// </summary>
    public static bool WereViolatedIn(Exception exception) => ConstraintErrors.In(exception, [2067, 1555], PostgresErrorCodes.UniqueViolation);
}
