using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// Test runner output in the log: subunit-trace and stestr (`{N} id [1.2s] ... ok`, the Totals
/// block), testr/nose/unittest (`id ... ok|FAIL|ERROR|SKIP`, `FAIL: id` blocks with their traceback,
/// `Ran N tests in Xs`, `FAILED (failures=3, skipped=10)`) and pytest's `path::test PASSED`.
/// </summary>
internal sealed partial class LogParser
{
    private const int MaxTestLineChars = 2048;

    private sealed class TestBlock(string id, long line)
    {
        public string Id { get; } = id;
        public long Line { get; } = line;
        public StringBuilder Text { get; } = new();
    }

    private bool _inTempestTotals;
    /// <summary>
    /// The host in whose Zuul column the test output being read (attachments, Totals) began; null
    /// when it began on a line with no host column.
    /// </summary>
    private string? _testHost;
    private int[] _totals = new int[6];
    private double? _totalsSeconds;
    private bool _sawTotals;
    private long _ruleLine = -1;
    private TestBlock? _testBlock;
    private (int Ran, double Seconds, long Line)? _ran;

    // subunit-trace: "{0} tempest.api.x.Test.test_y[id-...,smoke] [1.234567s] ... ok"
    [GeneratedRegex(@"^\{\d+\} (\S+(?: \([^)]*\))?)(?: \[(\d+(?:\.\d+)?)s\])? \.\.\. (ok|FAILED|SKIPPED)(?::\s*(.*))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex TempestPattern();

    [GeneratedRegex(@"^(?:Ran: (\d+) tests? in (\d+(?:\.\d+)?) sec\.?"
        + @"| - (Passed|Skipped|Expected Fail|Unexpected Success|Failed): (\d+))\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TotalsPattern();

    [GeneratedRegex(@"^Ran (\d+) tests? in (\d+(?:\.\d+)?)s$", RegexOptions.CultureInvariant)]
    private static partial Regex RanPattern();

    // unittest's last line: "OK", "OK (skipped=2)", "FAILED (failures=3, errors=1, skipped=10)".
    [GeneratedRegex(@"^(OK|FAILED)(?: \(((?:[a-z ]+=\d+(?:, )?)+)\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex UnittestResultPattern();

    private LineClass? TryTempestTest(in LogLine line)
    {
        var match = line.Content.Length <= MaxTestLineChars ? TempestPattern().Match(line.Content) : Match.Empty;
        if (!match.Success)
            return null;
        var status = match.Groups[3].ValueSpan switch
        {
            "ok" => TempestStatus.Passed,
            "FAILED" => TempestStatus.Failed,
            _ => TempestStatus.Skipped,
        };
        double? seconds = match.Groups[2].Success
            ? LogNumber.Seconds(match.Groups[2].ValueSpan) : null;
        var reason = match.Groups[4].Success ? match.Groups[4].Value : null;
        var test = new TempestTest(match.Groups[1].Value, status, seconds, reason, line.Number);
        // Its attachments, the traceback among them, may follow at once (LogParser.Trace).
        FinishTrace();
        if (status == TempestStatus.Failed)
            (_trace, _testHost) = (new TraceAttachments(test.Id, line.Number), line.Host);
        return Test(test);
    }

    /// <summary>subunit-trace's `Totals` title: its counts follow, under a rule.</summary>
    private LineClass StartTempestTotals(in LogLine line)
    {
        (_inTempestTotals, _testHost) = (true, line.Host);
        return LineClass.Marker;
    }

    private LineClass Test(TempestTest test)
    {
        _builder.Tempest(test);
        return test.Status switch
        {
            TempestStatus.Passed => LineClass.Ok,
            TempestStatus.Failed => LineClass.Error,
            _ => LineClass.Skipped,
        };
    }

    /// <summary>One-line results of testr, nose, unittest and pytest, and unittest's summary lines.</summary>
    private LineClass? TryTestLine(in LogLine line)
    {
        var content = line.Content;
        if (content.Length > MaxTestLineChars)
            return null;
        if (content.Length >= 20 && content.AsSpan().Trim('=').IsEmpty)
        {
            _ruleLine = line.Number;
            return null;
        }
        if (_ruleLine == line.Number - 1 && (content.StartsWith("FAIL: ", StringComparison.Ordinal)
            || content.StartsWith("ERROR: ", StringComparison.Ordinal)))
        {
            _testBlock = new TestBlock(content[(content.IndexOf(' ') + 1)..], line.Number);
            return LineClass.Error;
        }
        if (content[0] is 'R' or 'O' or 'F' && UnittestSummary(content, line.Number) is { } summary)
            return summary;
        var dots = content.LastIndexOf(" ... ", StringComparison.Ordinal);
        if (dots > 0)
            return UnittestLine(content, dots, line.Number);
        return content.Contains("::", StringComparison.Ordinal) ? PytestLine(content, line.Number) : null;
    }

    private LineClass? UnittestLine(string content, int dots, long line)
    {
        var id = content[..dots];
        if (!IsTestId(id))
            return null;
        var outcome = content[(dots + 5)..];
        TempestStatus? status = outcome switch
        {
            "ok" or "OK" or "expected failure" => TempestStatus.Passed,
            "FAIL" or "FAILED" or "ERROR" or "unexpected success" => TempestStatus.Failed,
            _ when outcome.StartsWith("SKIP", StringComparison.Ordinal)
                || outcome.StartsWith("skipped", StringComparison.Ordinal) => TempestStatus.Skipped,
            _ => null,
        };
        if (status is null)
            return null;
        var reason = status switch
        {
            TempestStatus.Skipped => SkipReason(outcome),
            TempestStatus.Failed => outcome,
            _ => null,
        };
        return Test(new TempestTest(id, status.Value, null, reason, line));
    }

    private static string? SkipReason(string outcome)
    {
        var colon = outcome.IndexOf(':');
        var reason = colon >= 0 ? outcome[(colon + 1)..]
            : outcome.StartsWith("skipped ", StringComparison.Ordinal) ? outcome[8..]
            : "";
        reason = reason.Trim().Trim('\'', '"');
        return reason.Length > 0 ? reason : null;
    }

    /// <summary>A dotted test id (`pkg.mod.Class.test_x[tags]`) or unittest's `test_x (pkg.mod.Class)`.</summary>
    private static bool IsTestId(string id)
    {
        if (id.Length == 0 || !(char.IsAsciiLetter(id[0]) || id[0] == '_'))
            return false;
        var space = id.IndexOf(' ');
        if (space < 0)
            return id.Contains('.', StringComparison.Ordinal);
        return id.EndsWith(')') && id.AsSpan(space).StartsWith(" (") && !id.AsSpan(0, space).Contains(' ')
            && id.IndexOf(' ', space + 1) < 0;
    }

    private LineClass? PytestLine(string content, long line)
    {
        var text = content;
        // "tests/test_x.py::test_y PASSED [ 40%]"
        if (text.EndsWith("%]", StringComparison.Ordinal)
            && text.LastIndexOf(" [", StringComparison.Ordinal) is var bracket and > 0)
            text = text[..bracket].TrimEnd();
        var space = text.LastIndexOf(' ');
        if (space <= 0)
            return null;
        var id = text[..space];
        if (id.Contains(' ', StringComparison.Ordinal) || !id.Contains("::", StringComparison.Ordinal))
            return null;
        TempestStatus? status = text[(space + 1)..] switch
        {
            "PASSED" or "XFAIL" => TempestStatus.Passed,
            "FAILED" or "ERROR" or "XPASS" => TempestStatus.Failed,
            "SKIPPED" => TempestStatus.Skipped,
            _ => null,
        };
        return status is null ? null : Test(new TempestTest(id, status.Value, null, null, line));
    }

    private LineClass? UnittestSummary(string content, long line)
    {
        var ran = RanPattern().Match(content);
        if (ran.Success)
        {
            _ran = (LogNumber.Int(ran.Groups[1].ValueSpan),
                LogNumber.Seconds(ran.Groups[2].ValueSpan), line);
            return LineClass.Marker;
        }
        if (_ran is not { } run || line - run.Line > 3)
            return null;
        var result = UnittestResultPattern().Match(content);
        if (!result.Success)
            return null;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in result.Groups[2].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            counts[part[..equals]] = LogNumber.Int(part.AsSpan(equals + 1));
        }
        int Count(string key) => counts.GetValueOrDefault(key);
        var failed = Count("failures") + Count("errors");
        var skipped = Count("skipped");
        var expected = Count("expected failures");
        var unexpected = Count("unexpected successes");
        var passed = Math.Max(0, run.Ran - failed - skipped - expected - unexpected);
        _builder.TempestTotals(new TempestTotals(run.Ran, passed,
            skipped, failed, expected, unexpected, run.Seconds));
        _ran = null;
        return result.Groups[1].ValueSpan is "OK" ? LineClass.Marker : LineClass.Error;
    }

    /// <summary>The traceback under a `FAIL: id` header, up to the next rule.</summary>
    private bool ContinueTestBlock(in LogLine line)
    {
        var block = _testBlock!;
        var content = line.Content;
        var isRule = content.Length >= 20 && (content.AsSpan().Trim('-').IsEmpty || content.AsSpan().Trim('=').IsEmpty);
        if (isRule && block.Text.Length == 0 && content[0] == '-')
            return true;
        if (isRule || content.StartsWith("Ran ", StringComparison.Ordinal))
        {
            FinishTestBlock();
            return false;
        }
        if (block.Text.Length < ReportLimits.ResultBodyChars)
            block.Text.Append(content).Append('\n');
        return true;
    }

    private void FinishTestBlock()
    {
        if (_testBlock is not { } block)
            return;
        _testBlock = null;
        var detail = block.Text.ToString().Trim('\n');
        var last = detail.Split('\n').LastOrDefault(l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        _builder.TestBlock(new TempestTest(block.Id, TempestStatus.Failed, null, last, block.Line, detail));
    }

    private bool TryTempestTotals(string content)
    {
        if (content.Length > 0 && content.AsSpan().Trim('=').IsEmpty)
            return true;
        var match = content.Length <= MaxPatternChars ? TotalsPattern().Match(content) : Match.Empty;
        if (!match.Success)
        {
            FinishTempestTotals();
            return false;
        }
        _sawTotals = true;
        if (match.Groups[1].Success)
        {
            _totals[0] = LogNumber.Int(match.Groups[1].ValueSpan);
            _totalsSeconds = LogNumber.Seconds(match.Groups[2].ValueSpan);
            return true;
        }
        var index = match.Groups[3].ValueSpan switch
        {
            "Passed" => 1,
            "Skipped" => 2,
            "Failed" => 3,
            "Expected Fail" => 4,
            _ => 5,
        };
        _totals[index] = LogNumber.Int(match.Groups[4].ValueSpan);
        return true;
    }

    private void FinishTempestTotals()
    {
        _inTempestTotals = false;
        if (!_sawTotals)
            return;
        _builder.TempestTotals(new TempestTotals(_totals[0], _totals[1], _totals[2], _totals[3], _totals[4], _totals[5],
            _totalsSeconds));
        _sawTotals = false;
        _totals = new int[6];
        _totalsSeconds = null;
    }
}
