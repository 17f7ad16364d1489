namespace Traas.Tool.Commands;

/// <summary>What a command may touch of the outside world; tests give their own.</summary>
public sealed record CliContext(
    TextWriter Stdout,
    TextWriter Stderr,
    Func<Stream> Stdin,
    IReadOnlyDictionary<string, string> Environment,
    CancellationToken CancellationToken);
