using System.Text;
using System.Xml;
using Traas.Reporting.Model;
using Traas.Reporting.Parsing;

namespace Traas.Reporting.JUnit;

/// <summary>
/// junit.xml: one testsuite per playbook run (per PLAY when the log names no playbooks), one testcase
/// per (task, host), a `tempest` suite, and a `job` suite whose one case is the job's own result.
/// Valid against the Jenkins xunit-plugin junit-10.xsd.
/// </summary>
public sealed class JUnitWriter : ICaseSink, IDisposable
{
    public const string JobCaseName = "toci job";

    private readonly CaseSpool _tasks = new();
    private readonly CaseSpool _tempest = new();

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
        foreach (var host in task.Hosts)
        {
            var time = task.Duration ?? 0;
            StartCase(xml, $"{prefix}{task.Name} [{host.Host}]", task.Play, time);
            counts = counts.Plus(WriteOutcome(xml, host) with { Tests = 1, Time = time });
            EndCase(xml);
        }
        _tasks.End(counts);
    }

    public void OnTempestTest(TempestTest test)
    {
        var xml = _tempest.Begin(0);
        var (classname, name) = SplitTempestId(test.Id);
        StartCase(xml, name, classname, test.Seconds ?? 0);
        var counts = new SuiteCounts(1, 0, 0, 0, test.Seconds ?? 0);
        if (test.Status == TempestStatus.Failed)
        {
            WriteChild(xml, "failure", "FAILED", $"{test.Id} failed: see console.html#L{test.Line}", "tempest");
            counts = counts with { Failures = 1 };
        }
        else if (test.Status == TempestStatus.Skipped)
        {
            WriteChild(xml, "skipped", test.Reason ?? "skipped", null, null);
            counts = counts with { Skipped = 1 };
        }
        EndCase(xml);
        _tempest.End(counts);
    }

    /// <summary>Writes the whole document once the log has been read.</summary>
    public void Write(Stream output, JobReport report, string jobName)
    {
        var suites = Suites(report);
        var jobCounts = new SuiteCounts(1, report.Outcome == JobOutcome.Failed ? 1 : 0, report.Outcome == JobOutcome.Unfinished ? 1 : 0, 0, 0);
        var tempestCounts = _tempest.CountsOf(_ => true);
        var total = suites.Aggregate(jobCounts.Plus(tempestCounts), (sum, s) => sum.Plus(s.Counts));

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
            StartSuite(xml, "tempest", tempestCounts);
            _tempest.CopyTo(xml, _ => true);
            EndSuite(xml);
        }
        StartSuite(xml, "job", jobCounts);
        WriteJobCase(xml, report, jobName);
        EndSuite(xml);
        xml.WriteWhitespace("\n");
        xml.WriteEndElement();
        xml.WriteWhitespace("\n");
        xml.WriteEndDocument();
    }

    private List<(string Name, SuiteCounts Counts, Func<int, bool> Groups)> Suites(JobReport report)
    {
        var suites = new List<(string, SuiteCounts, Func<int, bool>)>();
        if (report.HasPlaybookMarkers)
        {
            foreach (var run in report.Playbooks)
            {
                var plays = report.Plays.Where(p => p.RunIndex == run.Index).Select(p => p.Index).ToHashSet();
                suites.Add((run.Name, _tasks.CountsOf(plays.Contains), plays.Contains));
            }
        }
        else
        {
            foreach (var play in report.Plays)
            {
                bool Only(int group) => group == play.Index;
                suites.Add(($"PLAY [{play.Name}]", _tasks.CountsOf(Only), Only));
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
        if (report.Outcome == JobOutcome.Failed)
            WriteChild(xml, "failure", report.OutcomeReason, report.OutcomeReason + where, "job failed");
        else if (report.Outcome == JobOutcome.Unfinished)
            WriteChild(xml, "error", report.OutcomeReason, report.OutcomeReason, "job did not finish");
        else
            WriteSystemOut(xml, report.OutcomeReason + where);
        EndCase(xml);
    }

    private static (string Classname, string Name) SplitTempestId(string id)
    {
        var bare = id.IndexOf('[') is var bracket and > 0 ? id[..bracket] : id;
        var dot = bare.LastIndexOf('.');
        return dot > 0 && !id.Contains(' ') ? (id[..dot], id[(dot + 1)..]) : ("tempest", id);
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
        xml.WriteAttributeString("tests", counts.Tests.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", counts.Failures.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", counts.Errors.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The root element of junit-10.xsd has no skipped attribute.
        if (withSkipped)
            xml.WriteAttributeString("skipped", counts.Skipped.ToString(System.Globalization.CultureInfo.InvariantCulture));
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
    }
}
