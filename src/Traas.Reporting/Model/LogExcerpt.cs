namespace Traas.Reporting.Model;

/// <summary>A line of the log quoted in the artifacts (an error line, or one of the last lines).</summary>
/// <param name="Text">What the line says, cut to <see cref="ReportLimits.ExcerptChars"/> characters.</param>
public sealed record LogExcerpt(long Line, string Text);
