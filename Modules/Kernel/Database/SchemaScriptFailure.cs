using System.Data.Common;

namespace KissChat.Kernel.Database;

/// <summary>
/// A schema script the database refused (old rows against a new constraint, a table someone added by hand). The scripts
/// run in one transaction, so none of them stays applied: the message names the script and the version the database
/// stays at, for the host to print as one line instead of a stack trace.
/// </summary>
public sealed class SchemaScriptFailure(string version, string? stays, DbException cause) : InvalidOperationException(
    $"schema script {version} failed, so the upgrade was rolled back and the database stays at {(stays is null ? "no version (empty)" : $"version {stays}")}: {cause.Message}",
    cause);
