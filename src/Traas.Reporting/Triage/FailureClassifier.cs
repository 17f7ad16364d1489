namespace Traas.Reporting.Triage;

/// <summary>
/// Classifies a failed job from its report and the patterns the log matched. The first cause is,
/// in order: the run's own verdict (a stack that never came up, a timeout); the first failing
/// task's message and output; the first failing test; for a failure no task or test explains, the
/// best error lines and the outcome's line. The first of these that an infra or job pattern
/// matches decides, infra winning over job on the same text (as sova did). When none matches, an
/// infra pattern matched on a log line just before the first cause (up to
/// <see cref="LinesBefore"/> lines before it, <see cref="LinesAfter"/> after) decides: a task's
/// output is printed before its result. Otherwise a run that knows the infrastructure failed says
/// so, a failed job is a job failure, and a job that did not finish has no class. Info patterns
/// never decide. A build the CI system runs again (<see cref="JobReport.CiRetries"/>, Zuul's RETRY) is
/// the infrastructure's whatever failed in it: only infra patterns name it.
/// </summary>
public static class FailureClassifier
{
    public const int LinesBefore = 50;
    public const int LinesAfter = 5;
    private const int ErrorLinesLooked = 3;

    /// <summary>
    /// The class of a failed job; null for a job that passed, or that did not finish for no known reason.
    /// </summary>
    /// <param name="matches">What <see cref="PatternScanner"/> found in the same log with the same patterns.</param>
    /// <param name="runSaysInfra">The run's verdict blames the infrastructure (RunVerdict.Infrastructure).</param>
    public static FailureClassification? Classify(JobReport report, IReadOnlyList<PatternMatch> matches,
        IReadOnlyList<FailurePattern> patterns, bool runSaysInfra = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(patterns);
        if (report.Outcome == JobOutcome.Passed)
            return null;
        foreach (var (text, line) in Causes(report))
        {
            if (Decide(text, patterns, infraOnly: report.CiRetries) is { } pattern)
                return new FailureClassification(pattern.Class, pattern, Cut(text), line, matches);
        }
        if (CauseLine(report) is { } cause)
        {
            var near = matches.Where(m => m.Pattern.Class == FailureClass.Infra)
                .Select(m => (Match: m, Line: m.Lines.Where(l => l >= cause - LinesBefore && l <= cause + LinesAfter)
                    .DefaultIfEmpty(-1).Max()))
                .Where(x => x.Line > 0)
                .OrderByDescending(x => x.Line)
                .FirstOrDefault();
            if (near.Match is { } match)
            {
                return new FailureClassification(FailureClass.Infra, match.Pattern,
                    match.Lines[0] == near.Line ? match.FirstText : null, near.Line, matches);
            }
        }
        if (runSaysInfra || report.CiRetries)
            return new FailureClassification(FailureClass.Infra, null, null, null, matches);
        // A log that stops before its end says nothing of who broke it unless a pattern does.
        return report.Outcome == JobOutcome.Unfinished
            ? null
            : new FailureClassification(FailureClass.Job, null, null, null, matches);
    }

    /// <summary>The texts that may say what caused the failure, first cause first.</summary>
    internal static IEnumerable<(string Text, long? Line)> Causes(JobReport report)
    {
        if (report.OutcomeSource == OutcomeSource.Run)
            yield return (report.OutcomeReason, null);
        if (report.Failures.FirstOrDefault() is { } task)
        {
            yield return (task.Message, task.Line);
            if (task.Detail is { Length: > 0 } detail)
                yield return (detail, task.Line);
        }
        var test = report.TempestFailures.FirstOrDefault()
            ?? report.TestStreams.SelectMany(s => s.Failures).FirstOrDefault();
        if (test is not null)
            yield return ($"{test.Id}\n{test.Reason}\n{test.Detail}", test.Line > 0 ? test.Line : null);
        if (report.Failures.Count == 0)
        {
            foreach (var error in report.ErrorLines.Take(ErrorLinesLooked))
                yield return (error.Text, error.Line);
            if (report.OutcomeSource != OutcomeSource.Run)
                yield return (report.OutcomeReason, report.OutcomeLine);
        }
    }

    private static long? CauseLine(JobReport report) =>
        report.Failures.FirstOrDefault()?.Line ?? report.ErrorLines.FirstOrDefault()?.Line ?? report.OutcomeLine;

    /// <summary>
    /// The first infra pattern that matches a line of the text, else the first job pattern (none when
    /// <paramref name="infraOnly"/>).
    /// </summary>
    private static FailurePattern? Decide(string text, IReadOnlyList<FailurePattern> patterns, bool infraOnly)
    {
        FailurePattern? job = null;
        foreach (var line in text.Split('\n'))
        {
            foreach (var pattern in patterns)
            {
                if (pattern.Class == FailureClass.Info
                    || (pattern.Class == FailureClass.Job && (job is not null || infraOnly)))
                    continue;
                if (!IsMatch(pattern, line))
                    continue;
                if (pattern.Class == FailureClass.Infra)
                    return pattern;
                job = pattern;
            }
        }
        return job;
    }

    private static bool IsMatch(FailurePattern pattern, string line)
    {
        try
        {
            return pattern.Regex.IsMatch(line);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Cut(string text) =>
        text.Length > PatternScanner.TextChars ? text[..PatternScanner.TextChars] : text;
}
