namespace Traas.Reporting.Summary;

/// <summary>The summary's sections after the failures: counts, slowest tasks, tests and streams, warnings.</summary>
internal static partial class SummaryWriter
{
    private const int StreamFailuresShown = 10;

    /// <summary>
    /// Characters of a test id shown. Real ones are a few hundred at most; a stream's failures are not cut to fit
    /// the summary's budget, so ten ids of megabytes each would take all of it.
    /// </summary>
    private const int IdWidth = 500;

    /// <summary>A test id as code, whatever it holds (see <see cref="Markdown.Code"/>).</summary>
    private static string Code(string id) =>
        Markdown.Code(id.Length <= IdWidth ? id : string.Concat(id.AsSpan(0, IdWidth), "\u2026"));

    private static void WriteCounts(StringBuilder md, JobReport report, int shown)
    {
        if (report.HostTotals.Count == 0)
            return;
        md.Append("### Counts\n\n| host | ok | changed | failed | unreachable | skipped | rescued | ignored |\n")
            .Append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (host, c) in report.HostTotals.OrderBy(h => h.Key, StringComparer.Ordinal).Take(shown))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Markdown.Text(host)} | {c.Ok} | {c.Changed} | {c.Failed} | ")
                .Append(CultureInfo.InvariantCulture, $"{c.Unreachable} | {c.Skipped} | {c.Rescued} | {c.Ignored} |\n");
        }
        var more = report.HostTotals.Count - shown;
        if (more > 0)
            md.Append(CultureInfo.InvariantCulture, $"\n... {more} more hosts\n");
        md.Append('\n');
    }

    private static void WriteSlowest(StringBuilder md, JobReport report, SummaryOptions options)
    {
        if (report.SlowestTasks.Count == 0)
            return;
        var title = report.SlowestTasks.Count == 1 ? "Slowest task" : $"{report.SlowestTasks.Count} slowest tasks";
        md.Append(CultureInfo.InvariantCulture, $"### {title}\n\n| task | play | time |\n|---|---|---:|\n");
        foreach (var task in report.SlowestTasks)
        {
            var name = task.Line > 0 && task.Play.Length > 0
                ? $"[{Markdown.Text(task.Task)}]({options.ConsoleUrl}#L{task.Line})"
                : Markdown.Text(task.Task);
            md.Append(CultureInfo.InvariantCulture,
                $"| {name} | {Markdown.Text(task.Play)} | {Duration(task.Seconds)} |\n");
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
            md.Append("| ran | passed | failed | skipped | expected fail | unexpected success | time |\n")
                .Append("|---:|---:|---:|---:|---:|---:|---:|\n");
            md.Append(CultureInfo.InvariantCulture, $"| {t.Ran} | {t.Passed} | {t.Failed} | {t.Skipped} | ")
                .Append(CultureInfo.InvariantCulture, $"{t.ExpectedFail} | {t.UnexpectedSuccess} | ")
                .Append(t.Seconds is { } s ? Duration(s) : "").Append(" |\n\n");
        }
        else
        {
            md.Append(CultureInfo.InvariantCulture,
                    $"{report.TempestTestCount} tests seen, {report.TempestFailedCount} failed, ")
                .Append(CultureInfo.InvariantCulture, $"{report.TempestSkippedCount} skipped ")
                .Append("(no Totals block in the log).\n\n");
        }
        foreach (var test in report.TempestFailures.Take(shown))
        {
            md.Append(CultureInfo.InvariantCulture, $"- \u274c {Code(test.Id)} ({Link(options, test.Line)})");
            // A reason read from a traceback; on the test's own line it only repeats the outcome (FAIL, ERROR).
            if (test.Detail is not null && test.Reason is { Length: > 0 } reason)
                md.Append(": ").Append(Markdown.Text(Cut(string.Join(' ', reason.Split(Blanks, Split)))));
            md.Append('\n');
        }
        var more = report.TempestFailedCount - shown;
        if (more > 0)
            md.Append(CultureInfo.InvariantCulture, $"- ... {more} more failed tests\n");
        if (shown > 0 || more > 0)
            md.Append('\n');
    }


    // A reason of many lines (pytest's E lines, aligned) reads as one in a list item.
    private static readonly char[] Blanks = [' ', '\t', '\r', '\n'];
    private const StringSplitOptions Split = StringSplitOptions.RemoveEmptyEntries;

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
                md.Append(CultureInfo.InvariantCulture, $"- \u274c {Code(test.Id)}: ")
                    .Append(Markdown.Text(Cut(test.Reason ?? "failed"))).Append('\n');
            var more = stream.Failed - StreamFailuresShown;
            if (more > 0)
            {
                md.Append(CultureInfo.InvariantCulture, $"- ... {more} more failed tests in ")
                    .Append(Markdown.Text(stream.Name)).Append('\n');
            }
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
}
