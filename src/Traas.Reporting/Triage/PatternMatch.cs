namespace Traas.Reporting.Triage;

/// <summary>A pattern seen in the log: its first line and text, how many lines, and where.</summary>
/// <param name="FirstText">The first matching line, cut to <see cref="PatternScanner.TextChars"/> characters.</param>
/// <param name="Lines">The numbers of the first and the last <see cref="PatternScanner.LinesKept"/> matching
/// lines, in order.</param>
public sealed record PatternMatch(FailurePattern Pattern, long FirstLine, string FirstText, int Count,
    IReadOnlyList<long> Lines);
