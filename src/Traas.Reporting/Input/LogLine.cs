namespace Traas.Reporting.Input;

/// <summary>One line of the log as read, before any interpretation.</summary>
/// <param name="Number">1-based line number, the anchor in console.html.</param>
/// <param name="Raw">The decoded text, ANSI escapes and timestamp prefix still in place.</param>
/// <param name="Content">
/// What the line says: ANSI escapes, the line's prefix (timestamps, ansible log_path, python logging,
/// Zuul's host column), trailing blanks and a trailing literal backslash removed.
/// </param>
/// <param name="IsContinuation">True for the second and later pieces of a line longer than the reader's limit.</param>
public readonly record struct LogLine(long Number, string Raw, string Content, bool IsContinuation)
{
    /// <summary>
    /// Zuul v3's host column (`ts | host | text`): the text is that host's result or its streamed
    /// output. Null when the line has no such column.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>The time in the line's prefix, when it has one (as written, no time zone applied).</summary>
    public DateTime? Time => TimeSource is null ? null
        : LinePrefix.TimeOf(TimeInAnsi ? LineCleaner.StripAnsi(TimeSource) : TimeSource, TimeAt);

    /// <summary>The raw text the time is read from, when asked for: most lines are never asked.</summary>
    internal string? TimeSource { get; init; }

    /// <summary>The raw text has ANSI escapes: the time's position is in the text without them.</summary>
    internal bool TimeInAnsi { get; init; }

    internal int TimeAt { get; init; }

    /// <summary>The prefix carries a logging level of ERROR or CRITICAL (python logging, ansible log_path).</summary>
    public bool ErrorLevel { get; init; }
}
