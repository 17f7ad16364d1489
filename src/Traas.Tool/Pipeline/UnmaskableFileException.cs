namespace Traas.Tool.Pipeline;

/// <summary>A collected file whose text must be masked but cannot be: it is left out; the message says why.</summary>
internal sealed class UnmaskableFileException(string reason) : Exception(reason);
