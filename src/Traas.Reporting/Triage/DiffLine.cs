namespace Traas.Reporting.Triage;

/// <summary>One line of a block.</summary>
/// <param name="Number">The line's number in the failed log (1-based), its anchor in console.html.</param>
/// <param name="Text">The line as written, ANSI escapes removed, cut to <see cref="LogDiffOptions.LineChars"/>.</param>
/// <param name="IsNew">True for a new line, false for context.</param>
/// <param name="Distance">From 0 (the baseline has it) to 1 (shares no token with the baseline).</param>
public readonly record struct DiffLine(long Number, string Text, bool IsNew, double Distance);
