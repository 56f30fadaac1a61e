namespace KissChat.Kernel.Configuration;

/// <summary>
/// A setting the server cannot start with. Its message names the setting and says what it takes: the host prints it as
/// one line and exits, instead of a stack trace (or a start that fails later, at the first request or at shutdown).
/// </summary>
public sealed class ConfigurationProblem(string message) : InvalidOperationException(message);
