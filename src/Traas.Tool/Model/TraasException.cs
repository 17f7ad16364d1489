namespace Traas.Tool.Model;

/// <summary>
/// An expected failure: the message says what failed, with which input, and what to do next.
/// Only the top level turns it into an exit code; it is printed as one line, without a stack trace.
/// </summary>
internal sealed class TraasException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
