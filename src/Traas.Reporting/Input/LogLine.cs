namespace Traas.Reporting.Input;

/// <summary>One line of the log as read, before any interpretation.</summary>
/// <param name="Number">1-based line number, the anchor in console.html.</param>
/// <param name="Raw">The decoded text, ANSI escapes and timestamp prefix still in place.</param>
/// <param name="Content">What the line says: ANSI escapes and any timestamp prefix removed.</param>
/// <param name="IsContinuation">True for the second and later pieces of a line longer than the reader's limit.</param>
public readonly record struct LogLine(long Number, string Raw, string Content, bool IsContinuation);
