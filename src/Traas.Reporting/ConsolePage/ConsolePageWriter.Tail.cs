namespace Traas.Reporting.ConsolePage;

internal sealed partial class ConsolePageWriter
{
    private const int CardEntries = 50;

    private void WriteHeader(JobReport report, string jobName)
    {
        var outcome = report.Outcome.ToString().ToLowerInvariant();
        _out.Write("<header id=\"top\"><h1><span class=\"outcome ");
        _out.Write(outcome);
        _out.Write("\">");
        HtmlText.Write(_out, report.RunHeadline?.ToUpperInvariant() ?? report.Outcome switch
        {
            JobOutcome.Passed => "PASSED",
            JobOutcome.Failed => "FAILED",
            _ => "DID NOT FINISH",
        });
        _out.Write("</span>");
        HtmlText.Write(_out, jobName);
        _out.Write("</h1>\n<div class=\"facts\">");
        HtmlText.Write(_out, report.OutcomeReason);
        if (report.OutcomeLine is { } line)
            _out.Write(string.Create(CultureInfo.InvariantCulture, $" (<a href=\"#L{line}\">line {line}</a>)"));
        _out.Write(string.Create(CultureInfo.InvariantCulture,
            $" · {Plural.Of(report.LineCount, "line")} · {Plural.Of(report.TaskCount, "task")}"
                + $" · {report.FailedTaskCount} failing"));
        _out.Write(string.Create(CultureInfo.InvariantCulture,
            $" · {Plural.Of(report.AnsibleWarningCount, "ansible warning")}"
                + $" · {Plural.Of(report.WarningCount, "report warning")}"));
        if (report.TempestTestCount > 0)
            _out.Write(string.Create(CultureInfo.InvariantCulture,
                $" · tempest {report.TempestTestCount} tests, {report.TempestFailedCount} failed"));
        _out.Write("</div>\n");
        WritePagesOfTheRun();
        _out.Write("<div class=\"tools\" id=\"tools\"><button data-act=\"expand\">expand all</button>"
            + "<button data-act=\"collapse\">collapse all</button></div></header>\n");
    }

    // The run's other files sit beside console.html, in the artifact as on Swift (HostStage's per-run
    // prefix, whose index.html lists them all), so relative links hold wherever the page is opened.
    private static readonly string[] PagesOfTheRun = ["summary.md", "junit.xml", "traas.log", "index.html"];

    private void WritePagesOfTheRun()
    {
        _out.Write("<nav class=\"pages\">this run:");
        foreach (var page in PagesOfTheRun)
            _out.Write($" <a href=\"{page}\">{page}</a>");
        _out.Write("</nav>\n");
    }

    private void WriteFailureCard(JobReport report)
    {
        if (report.Outcome == JobOutcome.Passed && report.FailedTaskCount == 0 && report.TempestFailedCount == 0
            && report.TestStreams.All(s => s.Failed == 0))
            return;
        _out.Write("<section id=\"card\"><h2>");
        _out.Write(report.FailedTaskCount switch
        {
            0 => "The job " + report.Outcome switch
            {
                JobOutcome.Unfinished => "did not finish",
                JobOutcome.Failed => "failed",
                _ => "passed",
            },
            1 => "1 failing task",
            var n => string.Create(CultureInfo.InvariantCulture, $"{n} failing tasks"),
        });
        _out.Write("</h2>\n<ol>\n");
        foreach (var failure in report.Failures.Take(CardEntries))
        {
            _out.Write(string.Create(CultureInfo.InvariantCulture, $"<li><a href=\"#L{failure.Line}\">"));
            HtmlText.Write(_out, $"{failure.Task} [{failure.Host}]");
            _out.Write("</a> in ");
            HtmlText.Write(_out, $"PLAY [{failure.Play}] of {failure.Playbook}");
            var text = failure.Detail is null ? failure.Message : $"{failure.Message}\n{failure.Detail}";
            if (text.Length > 0)
            {
                _out.Write("<div class=\"msg\">");
                HtmlText.WriteLines(_out, FirstLines(text, failure.Detail is null ? 4 : 10, 400));
                _out.Write("</div>");
            }
            _out.Write("</li>\n");
        }
        foreach (var test in report.TempestFailures.Take(CardEntries))
        {
            _out.Write(string.Create(CultureInfo.InvariantCulture, $"<li><a href=\"#L{test.Line}\">tempest "));
            HtmlText.Write(_out, test.Id);
            _out.Write("</a> FAILED</li>\n");
        }
        foreach (var test in report.TestStreams.SelectMany(s => s.Failures).Take(CardEntries))
        {
            _out.Write("<li>subunit ");
            HtmlText.Write(_out, test.Id);
            _out.Write(" FAILED");
            if (test.Reason is { Length: > 0 } reason)
            {
                _out.Write("<div class=\"msg\">");
                HtmlText.WriteLines(_out, FirstLines(reason, 2, 400));
                _out.Write("</div>");
            }
            _out.Write("</li>\n");
        }
        _out.Write("</ol>\n");
        if (report.NeedsErrorLines)
            WriteEvidence(report);
        var more = report.FailedTaskCount - Math.Min(CardEntries, report.Failures.Count);
        if (more > 0)
            _out.Write(string.Create(CultureInfo.InvariantCulture, $"<p>... {more} more failing tasks</p>\n"));
        if (report.OutcomeLine is { } line && report.Outcome == JobOutcome.Failed)
        {
            _out.Write(string.Create(CultureInfo.InvariantCulture, $"<p>Job result: <a href=\"#L{line}\">"));
            HtmlText.Write(_out, report.OutcomeReason);
            _out.Write("</a></p>\n");
        }
        _out.Write("</section>\n");
    }

    /// <summary>
    /// No failing task says why the job did not pass: the error lines and the end of the log, each linked.
    /// </summary>
    private void WriteEvidence(JobReport report)
    {
        if (report.ErrorLines.Count > 0)
        {
            _out.Write("<h3>Error lines</h3>\n<ol class=\"errors\">\n");
            foreach (var error in report.ErrorLines.Take(ReportLimits.ErrorLinesShown))
            {
                _out.Write(string.Create(CultureInfo.InvariantCulture,
                    $"<li><a href=\"#L{error.Line}\">line {error.Line}</a> "));
                HtmlText.Write(_out, error.Text);
                _out.Write("</li>\n");
            }
            _out.Write("</ol>\n");
        }
        if (report.LogTail.Count == 0)
            return;
        _out.Write(string.Create(CultureInfo.InvariantCulture,
            $"<h3>The last {Plural.Of(report.LogTail.Count, "line")} of the log</h3>\n<div class=\"msg tail\">"));
        foreach (var tail in report.LogTail)
        {
            _out.Write(string.Create(CultureInfo.InvariantCulture, $"<a href=\"#L{tail.Line}\">{tail.Line}</a> "));
            HtmlText.Write(_out, tail.Text);
            _out.Write('\n');
        }
        _out.Write("</div>\n");
    }

    /// <summary>The first lines of a message, each cut to a width, for cards and summaries.</summary>
    internal static string FirstLines(string text, int lines, int width)
    {
        var kept = text.Split('\n').Take(lines).Select(l => l.Length > width ? l[..width] + "\u2026" : l);
        var joined = string.Join('\n', kept);
        return text.Count(c => c == '\n') >= lines ? joined + "\n\u2026" : joined;
    }
}
