using Traas.Reporting.ConsolePage;

namespace Traas.Reporting.Summary;

/// <summary>
/// summary.md: the result, the failing tasks with the start of their messages and links to
/// console.html, per-host counts, the slowest tasks and tempest totals, within a byte budget.
/// Lists are cut whole entries at a time and say how many were left out.
/// </summary>
internal static partial class SummaryWriter
{
    private const int MessageLines = 5;
    private const int MessageWidth = 300;

    public static string Render(JobReport report, SummaryOptions options)
    {
        var failures = report.Failures.Count;
        var tempest = report.TempestFailures.Count;
        var hosts = report.HostTotals.Count;
        if (Fits(Build(report, options, failures, tempest, hosts), options))
            return Build(report, options, failures, tempest, hosts);
        failures = Largest(failures, k => Fits(Build(report, options, k, tempest, hosts), options));
        if (failures == 0 && !Fits(Build(report, options, 0, tempest, hosts), options))
        {
            tempest = Largest(tempest, k => Fits(Build(report, options, 0, k, hosts), options));
            if (tempest == 0)
                hosts = Largest(hosts, k => Fits(Build(report, options, 0, 0, k), options));
        }
        return Build(report, options, failures, tempest, hosts);
    }

    private static bool Fits(string text, SummaryOptions options) =>
        Encoding.UTF8.GetByteCount(text) <= options.MaxBytes;

    /// <summary>The largest k in [0, n] for which fits(k) holds (fits is monotone).</summary>
    private static int Largest(int n, Func<int, bool> fits)
    {
        int lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (fits(mid))
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }

    private static string Build(JobReport report, SummaryOptions options, int failures, int tempest, int hosts)
    {
        var md = new StringBuilder();
        WriteResult(md, report, options);
        WriteFailures(md, report, options, failures);
        WriteEvidence(md, report, options);
        WriteCounts(md, report, hosts);
        WriteSlowest(md, report, options);
        WriteTempest(md, report, options, tempest);
        WriteWarnings(md, report);
        return md.ToString();
    }

    private static string Link(SummaryOptions options, long line) =>
        string.Create(CultureInfo.InvariantCulture, $"[line {line}]({options.ConsoleUrl}#L{line})");

    private static void WriteResult(StringBuilder md, JobReport report, SummaryOptions options)
    {
        var (icon, word) = report.Outcome switch
        {
            JobOutcome.Passed => ("\u2705", "passed"),
            JobOutcome.Failed => ("\u274c", "failed"),
            _ => ("\u26a0\ufe0f", "did not finish"),
        };
        word = report.RunHeadline ?? word;
        md.Append(CultureInfo.InvariantCulture, $"## {icon} {Markdown.Text(options.JobName)}: {word}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"**Result:** {word}: {Markdown.Text(report.OutcomeReason)}");
        if (report.OutcomeLine is { } line)
            md.Append(" (").Append(Link(options, line)).Append(')');
        WriteClass(md, report, options);
        md.Append(CultureInfo.InvariantCulture, $"\n\n{Plural.Of(report.TaskCount, "task")}, ")
            .Append(CultureInfo.InvariantCulture, $"{report.FailedTaskCount} failing, ")
            .Append(CultureInfo.InvariantCulture, $"{Plural.Of(report.AnsibleWarningCount, "ansible warning")}, ")
            .Append(CultureInfo.InvariantCulture, $"{Plural.Of(report.WarningCount, "report warning")}, ")
            .Append(CultureInfo.InvariantCulture, $"{Plural.Of(report.LineCount, "log line")}.\n\n");
        foreach (var note in options.RunNotes)
            md.Append("- ").Append(Markdown.Text(note)).Append('\n');
        if (options.RunNotes.Count > 0)
            md.Append('\n');
    }

    /// <summary>
    /// "infrastructure failure: NAME" (running again may pass) or "job failure[: NAME]", with the
    /// line and the text the pattern matched, and the pattern's page.
    /// </summary>
    private static void WriteClass(StringBuilder md, JobReport report, SummaryOptions options)
    {
        if (report.Classification is not { } c)
            return;
        md.Append("\n\n**Class:** ").Append(Markdown.Text(c.Headline));
        if (c.Line is { } line)
            md.Append(" (").Append(Link(options, line)).Append(')');
        if (c.Pattern?.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var page)
            && page.Scheme is "https" or "http")
        {
            md.Append(" \u2014 [about it](").Append(page.AbsoluteUri).Append(')');
        }
        if (c.IsInfra)
            md.Append(". Not the change: running again may pass");
        if (c.Evidence is { Length: > 0 } evidence)
            md.Append("\n\n").Append(Markdown.CodeBlock(Cut(evidence.Split('\n')[0])).TrimEnd('\n'));
    }

    private static void WriteFailures(StringBuilder md, JobReport report, SummaryOptions options, int shown)
    {
        if (report.FailedTaskCount == 0)
            return;
        md.Append(CultureInfo.InvariantCulture, $"### Failing tasks ({report.FailedTaskCount})\n\n");
        foreach (var (failure, index) in report.Failures.Take(shown).Select((f, i) => (f, i + 1)))
        {
            md.Append(CultureInfo.InvariantCulture,
                $"{index}. **{Markdown.Text(failure.Task)}** on **{Markdown.Text(failure.Host)}**");
            var status = failure.Status == ResultStatus.Unreachable ? "unreachable" : "failed";
            md.Append(CultureInfo.InvariantCulture, $" ({status}), PLAY \\[{Markdown.Text(failure.Play)}\\] of ")
                .Append(Markdown.Text(failure.Playbook)).Append(", ").Append(Link(options, failure.Line)).Append('\n');
            var text = failure.Detail is null ? failure.Message : $"{failure.Message}\n{failure.Detail}";
            if (text.Length == 0)
                continue;
            var lines = MessageLines + (failure.Detail is null ? 0 : 6);
            var block = Markdown.CodeBlock(ConsolePageWriter.FirstLines(text, lines, MessageWidth));
            foreach (var codeLine in block.Split('\n'))
                md.Append(codeLine.Length > 0 ? "   " + codeLine : "").Append('\n');
        }
        var more = report.FailedTaskCount - shown;
        if (more > 0)
            md.Append(CultureInfo.InvariantCulture,
                $"\n... {more} more failing tasks: see [console.html]({options.ConsoleUrl}) or junit.xml.\n");
        md.Append('\n');
    }

    private const int EvidenceWidth = 200;

    /// <summary>A failure no failing task explains: the ranked error lines, then the end of the log.</summary>
    private static void WriteEvidence(StringBuilder md, JobReport report, SummaryOptions options)
    {
        if (!report.NeedsErrorLines)
            return;
        if (report.ErrorLines.Count > 0)
        {
            md.Append("### Error lines\n\n");
            foreach (var error in report.ErrorLines.Take(ReportLimits.ErrorLinesShown))
                md.Append("- ").Append(Link(options, error.Line)).Append(": ").Append(Markdown.Text(Cut(error.Text)))
                    .Append('\n');
            md.Append('\n');
        }
        if (report.LogTail.Count == 0)
            return;
        var (first, last) = (report.LogTail[0].Line, report.LogTail[^1].Line);
        md.Append(CultureInfo.InvariantCulture, $"### The last {Plural.Of(report.LogTail.Count, "line")} of the log ")
            .Append(CultureInfo.InvariantCulture, $"([lines {first}\u2013{last}]({options.ConsoleUrl}#L{first}))\n\n");
        md.Append(Markdown.CodeBlock(string.Join('\n', report.LogTail.Select(t => Cut(t.Text))))).Append('\n');
    }

    private static string Cut(string text) => text.Length <= EvidenceWidth ? text : text[..EvidenceWidth] + "\u2026";

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture,
                $"{(int)span.TotalHours}h {span.Minutes:00}m {span.Seconds:00}s")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00}s");
    }
}
