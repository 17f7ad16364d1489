namespace Traas.Tool.Config;

/// <summary>A known failure seen in the log: on which line first, and how many times.</summary>
internal sealed record KnownFailureMatch(KnownFailure Failure, long FirstLine, int Count);
