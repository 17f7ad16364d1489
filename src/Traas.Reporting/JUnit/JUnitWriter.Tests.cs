using System.Xml;
using Traas.Reporting.Subunit;

namespace Traas.Reporting.JUnit;

/// <summary>Test results: the tests read from the log, and the subunit streams read beside it.</summary>
internal sealed partial class JUnitWriter
{
    public void OnTempestTest(TempestTest test)
    {
        var xml = _tempest.Begin(0);
        var (classname, name) = SplitTempestId(test.Id);
        StartCase(xml, name, classname, test.Seconds ?? 0);
        var counts = new SuiteCounts(1, 0, 0, 0, test.Seconds ?? 0);
        if (test.Status == TempestStatus.Failed)
        {
            var where = $"line {test.Line} of the log (console.html#L{test.Line}): {test.Id} failed";
            WriteChild(xml, "failure", test.Reason is { Length: > 0 } reason ? reason : "FAILED",
                test.Detail is null ? where : $"{where}\n{Cut(test.Detail)}", "tempest");
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
    public void OnTestStream(int index, string name, bool placeholder)
    {
        while (_streamNames.Count <= index)
            _streamNames.Add(("", false));
        _streamNames[index] = (name, placeholder);
    }
    public void OnSubunitTest(int stream, SubunitTest test)
    {
        var xml = _streams.Begin(stream);
        var (classname, name) = test.JUnitName();
        StartCase(xml, name, classname, test.Seconds);
        var counts = new SuiteCounts(1, 0, 0, 0, test.Seconds);
        if (test.IsFailure)
        {
            var body = test.Attachment("traceback")
                ?? string.Join("\n\n", test.Attachments.Select(a => $"{a.Key}:\n{a.Value}"));
            WriteChild(xml, "failure", SubunitMessage(test), Cut(body), "subunit");
            counts = counts with { Failures = 1 };
        }
        else if (test.Status == SubunitStatus.Skip)
        {
            var reason = test.Attachment("reason") is { Length: > 0 } text ? text.Trim() : "skipped";
            WriteChild(xml, "skipped", reason, null, null);
            counts = counts with { Skipped = 1 };
        }
        EndCase(xml);
        _streams.End(counts);
    }
    /// <summary>The failure's one-line message: the exception line of its traceback, or what the status says.</summary>
    internal static string SubunitMessage(SubunitTest test)
    {
        var exception = test.Attachment("traceback")?.Split('\n').Select(l => l.TrimEnd())
            .LastOrDefault(l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        return exception ?? test.Status switch
        {
            SubunitStatus.UnexpectedSuccess => "unexpected success: the test passed but was expected to fail",
            SubunitStatus.Unfinished => "the test started and never ended",
            _ => test.Attachments.Count > 0 ? $"failed (see {string.Join(", ", test.Attachments.Keys)})" : "failed",
        };
    }
    private void WriteStreamSuite(XmlWriter xml, int index)
    {
        var (name, placeholder) = _streamNames[index];
        int[] only = [index];
        StartSuite(xml, $"subunit: {name}", _streams.CountsOf(only));
        if (placeholder)
            WriteSystemOut(xml, "no test results: the stream holds only tripleo-ci's placeholder (a failing pingtest "
                + "written before the job runs, which the job overwrites with its real results)");
        else
            _streams.CopyTo(xml, only);
        EndSuite(xml);
    }
    private static string Cut(string text) => text.Length <= ReportLimits.ResultBodyChars
        ? text : string.Concat(text.AsSpan(0, ReportLimits.ResultBodyChars), "\n[... cut]");
    private static (string Classname, string Name) SplitTempestId(string id)
    {
        if (PytestName(id) is { } pytest)
            return pytest;
        var bare = id.IndexOf('[') is var bracket and > 0 ? id[..bracket] : id;
        var dot = bare.LastIndexOf('.');
        return dot > 0 && !id.Contains(' ') ? (id[..dot], id[(dot + 1)..]) : ("tempest", id);
    }

    /// <summary>
    /// A pytest node id (`build/helper/x.py::TestC::test_y[1]`) named as pytest's junit.xml names it
    /// (`mangle_test_address`): the file as a dotted module and any classes, then the test with its params.
    /// </summary>
    private static (string Classname, string Name)? PytestName(string id)
    {
        var bare = id.IndexOf('[') is var bracket and > 0 ? id[..bracket] : id;
        var file = bare.IndexOf(".py::", StringComparison.Ordinal);
        if (file <= 0 || bare.Contains(' ', StringComparison.Ordinal))
            return null;
        var rest = bare[(file + 5)..];
        var last = rest.LastIndexOf("::", StringComparison.Ordinal);
        var module = bare[..file].Replace('/', '.');
        var classname = last < 0 ? module : $"{module}.{rest[..last].Replace("::", ".", StringComparison.Ordinal)}";
        return (classname, id[(file + 5 + (last < 0 ? 0 : last + 2))..]);
    }
}
