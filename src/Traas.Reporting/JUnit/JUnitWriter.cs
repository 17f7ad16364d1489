using System.Xml;
using Traas.Reporting.Parsing;

namespace Traas.Reporting.JUnit;

/// <summary>
/// junit.xml: one testsuite per playbook run (per PLAY when the log names no playbooks), one testcase
/// per (task, host), a `tempest` (or `tests`) suite for the tests read from the log, one suite per
/// subunit stream, and a `job` suite whose one case is the job's own result.
/// Valid against the Jenkins xunit-plugin junit-10.xsd.
/// </summary>
/// <remarks>
/// A suite's time is its wall time: a task runs on its hosts at once, so each task counts once
/// however many hosts (testcases) it has.
/// </remarks>
internal sealed partial class JUnitWriter : ICaseSink, IDisposable
{
    public const string JobCaseName = "toci job";

    private readonly CaseSpool _tasks = new();
    private readonly CaseSpool _tempest = new();
    private readonly CaseSpool _streams = new();
    private readonly List<(string Name, bool Placeholder)> _streamNames = [];

    internal static XmlWriterSettings Settings(ConformanceLevel level) => new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        ConformanceLevel = level,
        OmitXmlDeclaration = level == ConformanceLevel.Fragment,
        Indent = false,
        NewLineHandling = NewLineHandling.Entitize,
        CheckCharacters = true,
        CloseOutput = false,
    };

    public void OnTask(TaskResult task, int playIndex)
    {
        var xml = _tasks.Begin(playIndex);
        var counts = SuiteCounts.Zero;
        var prefix = task.IsHandler ? "HANDLER " : "";
        var time = task.Duration ?? 0;
        foreach (var host in task.Hosts)
        {
            StartCase(xml, $"{prefix}{task.Name} [{host.Host}]", task.Play, time);
            counts = counts.Plus(WriteOutcome(xml, host) with { Tests = 1 });
            EndCase(xml);
        }
        _tasks.End(counts with { Time = task.Hosts.Count > 0 ? time : 0 });
    }

    /// <summary>Writes the whole document once the log has been read.</summary>
    public void Write(Stream output, JobReport report, string jobName)
    {
        var suites = Suites(report);
        var jobCounts = new SuiteCounts(1, report.Outcome == JobOutcome.Failed ? 1 : 0,
            report.Outcome == JobOutcome.Unfinished ? 1 : 0, 0, 0);
        var tempestCounts = _tempest.CountsOfAll();
        var total = suites.Aggregate(jobCounts.Plus(tempestCounts).Plus(_streams.CountsOfAll()),
            (sum, s) => sum.Plus(s.Counts));

        using var xml = XmlWriter.Create(output, Settings(ConformanceLevel.Document));
        xml.WriteStartDocument();
        xml.WriteWhitespace("\n");
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", XmlText.Clean(jobName));
        WriteCounts(xml, total, withSkipped: false);
        foreach (var (name, counts, groups) in suites)
        {
            StartSuite(xml, name, counts);
            _tasks.CopyTo(xml, groups);
            EndSuite(xml);
        }
        if (report.TempestTestCount > 0)
        {
            StartSuite(xml, report.TestSuiteName, tempestCounts);
            _tempest.CopyTo(xml, null);
            EndSuite(xml);
        }
        for (var i = 0; i < _streamNames.Count; i++)
            WriteStreamSuite(xml, i);
        StartSuite(xml, "job", jobCounts);
        WriteJobCase(xml, report, jobName);
        EndSuite(xml);
        xml.WriteWhitespace("\n");
        xml.WriteEndElement();
        xml.WriteWhitespace("\n");
        xml.WriteEndDocument();
    }

    private List<(string Name, SuiteCounts Counts, IReadOnlyList<int> Groups)> Suites(JobReport report)
    {
        var suites = new List<(string, SuiteCounts, IReadOnlyList<int>)>();
        if (report.HasPlaybookMarkers)
        {
            var playsOf = report.Plays.ToLookup(p => p.RunIndex, p => p.Index);
            foreach (var run in report.Playbooks)
            {
                var plays = playsOf[run.Index].ToList();
                suites.Add((run.Name, _tasks.CountsOf(plays), plays));
            }
        }
        else
        {
            foreach (var play in report.Plays)
            {
                int[] only = [play.Index];
                suites.Add(($"PLAY [{play.Name}]", _tasks.CountsOf(only), only));
            }
        }
        return suites;
    }

    private static SuiteCounts WriteOutcome(XmlWriter xml, HostResult host)
    {
        var where = $"line {host.Line} of the log (console.html#L{host.Line})";
        var body = host.Body is null ? where : $"{where}\n{host.Body}";
        switch (host.Status)
        {
            case ResultStatus.Failed:
                WriteChild(xml, "failure", host.Message ?? "failed", body, "failed");
                return SuiteCounts.Zero with { Failures = 1 };
            case ResultStatus.Unreachable:
                WriteChild(xml, "error", host.Message ?? "unreachable", body, "unreachable");
                return SuiteCounts.Zero with { Errors = 1 };
            case ResultStatus.Skipped:
                WriteChild(xml, "skipped", host.Message ?? "skipped", null, null);
                return SuiteCounts.Zero with { Skipped = 1 };
            case ResultStatus.Ignored:
                WriteSystemOut(xml, $"failed, then ...ignoring: {host.Message}\n{body}");
                return SuiteCounts.Zero;
            case ResultStatus.Rescued:
                WriteSystemOut(xml, $"failed, then rescued: {host.Message}\n{body}");
                return SuiteCounts.Zero;
            default:
                return SuiteCounts.Zero;
        }
    }

    private static void WriteJobCase(XmlWriter xml, JobReport report, string jobName)
    {
        StartCase(xml, JobCaseName, jobName, 0);
        var where = report.OutcomeLine is { } line ? $"\nline {line} of the log (console.html#L{line})" : "";
        var evidence = report.NeedsErrorLines ? Evidence(report) : "";
        if (report.Outcome == JobOutcome.Failed)
        {
            WriteChild(xml, "failure", report.OutcomeReason, report.OutcomeReason + where + evidence,
                report.RunHeadline ?? "job failed");
        }
        else if (report.Outcome == JobOutcome.Unfinished)
        {
            WriteChild(xml, "error", report.OutcomeReason, report.OutcomeReason + evidence,
                report.RunHeadline ?? "job did not finish");
        }
        else
            WriteSystemOut(xml, report.OutcomeReason + where);
        EndCase(xml);
    }

    /// <summary>No failing task says why the job failed: the log's error lines and its last lines do.</summary>
    private static string Evidence(JobReport report)
    {
        var text = new StringBuilder();
        if (report.ErrorLines.Count > 0)
        {
            text.Append("\n\nError lines:\n");
            foreach (var error in report.ErrorLines.Take(ReportLimits.ErrorLinesShown))
                text.Append(CultureInfo.InvariantCulture, $"line {error.Line}: {error.Text}\n");
        }
        if (report.LogTail.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nThe last {report.LogTail.Count} lines of the log:\n");
            foreach (var tail in report.LogTail)
                text.Append(CultureInfo.InvariantCulture, $"{tail.Line}: {tail.Text}\n");
        }
        return text.ToString();
    }

    private static void StartSuite(XmlWriter xml, string name, SuiteCounts counts)
    {
        xml.WriteWhitespace("\n  ");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", XmlText.Clean(name));
        WriteCounts(xml, counts, withSkipped: true);
    }

    private static void EndSuite(XmlWriter xml)
    {
        xml.WriteWhitespace("\n  ");
        xml.WriteFullEndElement();
    }

    private static void WriteCounts(XmlWriter xml, SuiteCounts counts, bool withSkipped)
    {
        xml.WriteAttributeString("tests", counts.Tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", counts.Failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", counts.Errors.ToString(CultureInfo.InvariantCulture));
        // The root element of junit-10.xsd has no skipped attribute.
        if (withSkipped)
            xml.WriteAttributeString("skipped", counts.Skipped.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", SuiteCounts.FormatTime(counts.Time));
    }

    private static void StartCase(XmlWriter xml, string name, string classname, double time)
    {
        xml.WriteWhitespace("\n    ");
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", XmlText.Clean(name));
        xml.WriteAttributeString("classname", XmlText.Clean(classname));
        xml.WriteAttributeString("time", SuiteCounts.FormatTime(time));
    }

    private static void EndCase(XmlWriter xml) => xml.WriteEndElement();

    private static void WriteChild(XmlWriter xml, string element, string message, string? body, string? type)
    {
        xml.WriteWhitespace("\n      ");
        xml.WriteStartElement(element);
        xml.WriteAttributeString("message", XmlText.Clean(message));
        if (type is not null)
            xml.WriteAttributeString("type", type);
        if (body is not null)
            xml.WriteString(XmlText.Clean(body));
        xml.WriteEndElement();
        xml.WriteWhitespace("\n    ");
    }

    private static void WriteSystemOut(XmlWriter xml, string text)
    {
        xml.WriteWhitespace("\n      ");
        xml.WriteElementString("system-out", XmlText.Clean(text));
        xml.WriteWhitespace("\n    ");
    }

    public void Dispose()
    {
        _tasks.Dispose();
        _tempest.Dispose();
        _streams.Dispose();
    }
}
