using System.Globalization;
using System.Text;
using Traas.Reporting.ConsolePage;
using Traas.Reporting.Model;

namespace Traas.Reporting.Summary;

/// <summary>
/// summary.md: the result, the failing tasks with the start of their messages and links to
/// console.html, per-host counts, the slowest tasks and tempest totals, within a byte budget.
/// Lists are cut whole entries at a time and say how many were left out.
/// </summary>
internal static class SummaryWriter
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

    private static bool Fits(string text, SummaryOptions options) => Encoding.UTF8.GetByteCount(text) <= options.MaxBytes;

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
        md.Append(CultureInfo.InvariantCulture, $"## {icon} {Markdown.Text(options.JobName)}: {word}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"**Result:** {word}: {Markdown.Text(report.OutcomeReason)}");
        if (report.OutcomeLine is { } line)
            md.Append(" (").Append(Link(options, line)).Append(')');
        md.Append(CultureInfo.InvariantCulture, $"\n\n{Plural.Of(report.TaskCount, "task")}, {report.FailedTaskCount} failing, ")
            .Append(CultureInfo.InvariantCulture, $"{Plural.Of(report.AnsibleWarningCount, "ansible warning")}, ")
            .Append(CultureInfo.InvariantCulture, $"{Plural.Of(report.WarningCount, "report warning")}, ")
            .Append(CultureInfo.InvariantCulture, $"{Plural.Of(report.LineCount, "log line")}.\n\n");
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
            md.Append(CultureInfo.InvariantCulture,
                $" ({(failure.Status == ResultStatus.Unreachable ? "unreachable" : "failed")}), PLAY \\[{Markdown.Text(failure.Play)}\\] of {Markdown.Text(failure.Playbook)}, {Link(options, failure.Line)}\n");
            var text = failure.Detail is null ? failure.Message : $"{failure.Message}\n{failure.Detail}";
            if (text.Length > 0)
            {
                foreach (var codeLine in Markdown.CodeBlock(ConsolePageWriter.FirstLines(text, MessageLines + (failure.Detail is null ? 0 : 6), MessageWidth)).Split('\n'))
                    md.Append(codeLine.Length > 0 ? "   " + codeLine : "").Append('\n');
            }
        }
        var more = report.FailedTaskCount - shown;
        if (more > 0)
            md.Append(CultureInfo.InvariantCulture, $"\n... {more} more failing tasks: see [console.html]({options.ConsoleUrl}) or junit.xml.\n");
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
                md.Append(CultureInfo.InvariantCulture, $"- {Link(options, error.Line)}: {Markdown.Text(Cut(error.Text))}\n");
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

    private static void WriteCounts(StringBuilder md, JobReport report, int shown)
    {
        if (report.HostTotals.Count == 0)
            return;
        md.Append("### Counts\n\n| host | ok | changed | failed | unreachable | skipped | rescued | ignored |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (host, c) in report.HostTotals.OrderBy(h => h.Key, StringComparer.Ordinal).Take(shown))
            md.Append(CultureInfo.InvariantCulture,
                $"| {Markdown.Text(host)} | {c.Ok} | {c.Changed} | {c.Failed} | {c.Unreachable} | {c.Skipped} | {c.Rescued} | {c.Ignored} |\n");
        var more = report.HostTotals.Count - shown;
        if (more > 0)
            md.Append(CultureInfo.InvariantCulture, $"\n... {more} more hosts\n");
        md.Append('\n');
    }

    private static void WriteSlowest(StringBuilder md, JobReport report, SummaryOptions options)
    {
        if (report.SlowestTasks.Count == 0)
            return;
        md.Append(CultureInfo.InvariantCulture, $"### {(report.SlowestTasks.Count == 1 ? "Slowest task" : $"{report.SlowestTasks.Count} slowest tasks")}\n\n| task | play | time |\n|---|---|---:|\n");
        foreach (var task in report.SlowestTasks)
        {
            var name = task.Line > 0 && task.Play.Length > 0
                ? $"[{Markdown.Text(task.Task)}]({options.ConsoleUrl}#L{task.Line})"
                : Markdown.Text(task.Task);
            md.Append(CultureInfo.InvariantCulture, $"| {name} | {Markdown.Text(task.Play)} | {Duration(task.Seconds)} |\n");
        }
        md.Append('\n');
    }

    private static void WriteTempest(StringBuilder md, JobReport report, SummaryOptions options, int shown)
    {
        WriteStreams(md, report);
        if (report.TempestTotals is null && report.TempestTestCount == 0)
            return;
        md.Append(report.TestSuiteName == "tempest" ? "### Tempest\n\n" : "### Tests\n\n");
        if (report.TempestTotals is { } t)
        {
            md.Append("| ran | passed | failed | skipped | expected fail | unexpected success | time |\n|---:|---:|---:|---:|---:|---:|---:|\n");
            md.Append(CultureInfo.InvariantCulture,
                $"| {t.Ran} | {t.Passed} | {t.Failed} | {t.Skipped} | {t.ExpectedFail} | {t.UnexpectedSuccess} | {(t.Seconds is { } s ? Duration(s) : "")} |\n\n");
        }
        else
        {
            md.Append(CultureInfo.InvariantCulture,
                $"{report.TempestTestCount} tests seen, {report.TempestFailedCount} failed, {report.TempestSkippedCount} skipped (no Totals block in the log).\n\n");
        }
        foreach (var test in report.TempestFailures.Take(shown))
            md.Append(CultureInfo.InvariantCulture, $"- \u274c `{test.Id.Replace('`', '\'')}` ({Link(options, test.Line)})\n");
        var more = report.TempestFailedCount - shown;
        if (more > 0)
            md.Append(CultureInfo.InvariantCulture, $"- ... {more} more failed tests\n");
        if (shown > 0 || more > 0)
            md.Append('\n');
    }

    private const int StreamFailuresShown = 10;

    private static void WriteStreams(StringBuilder md, JobReport report)
    {
        if (report.TestStreams.Count == 0)
            return;
        md.Append("### Subunit streams\n\n| stream | tests | failed | skipped | time |\n|---|---:|---:|---:|---:|\n");
        foreach (var stream in report.TestStreams)
        {
            md.Append("| ").Append(Markdown.Text(stream.Name)).Append(" | ");
            md.Append(stream.OnlyPlaceholder
                ? "no test results (only tripleo-ci's placeholder) | | | |\n"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{stream.Tests} | {stream.Failed} | {stream.Skipped} | {Duration(stream.Seconds)} |\n"));
        }
        md.Append('\n');
        foreach (var stream in report.TestStreams.Where(s => s.Failed > 0))
        {
            foreach (var test in stream.Failures.Take(StreamFailuresShown))
                md.Append(CultureInfo.InvariantCulture, $"- \u274c `{test.Id.Replace('`', '\'')}`: {Markdown.Text(Cut(test.Reason ?? "failed"))}\n");
            if (stream.Failed > StreamFailuresShown)
                md.Append(CultureInfo.InvariantCulture, $"- ... {stream.Failed - StreamFailuresShown} more failed tests in {Markdown.Text(stream.Name)}\n");
        }
        if (report.TestStreams.Any(s => s.Failed > 0))
            md.Append('\n');
    }

    private static void WriteWarnings(StringBuilder md, JobReport report)
    {
        if (report.WarningCount == 0)
            return;
        md.Append("### Report warnings\n\n");
        foreach (var warning in report.Warnings.Take(10))
            md.Append("- ").Append(Markdown.Text(warning.Text)).Append('\n');
        if (report.WarningCount > 10)
            md.Append(CultureInfo.InvariantCulture, $"- ... {report.WarningCount - 10} more\n");
        md.Append('\n');
    }

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:00}m {span.Seconds:00}s")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00}s");
    }
}
