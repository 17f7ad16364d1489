using System.Globalization;
using System.Text.RegularExpressions;
using Traas.Reporting.Input;
using Traas.Reporting.Model;

namespace Traas.Reporting.Parsing;

public sealed partial class LogParser
{
    private (int Code, long Line)? _exitMarker;
    private bool _lastWasProfileTime;
    private bool _inProfileTable;
    private bool _inTempestTotals;
    private int[] _totals = new int[6];
    private double? _totalsSeconds;
    private bool _sawTotals;

    [GeneratedRegex(@"^Playbook run of (.+) (passed successfully|failed)\.?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaybookMarkerPattern();

    [GeneratedRegex(@"^exit (\d+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExitPattern();

    // profile_tasks: "Thursday 01 March 2018  10:00:00 +0000 (0:00:01.234)       0:00:05.678 ****"
    [GeneratedRegex(@"^\w+ \d{1,2} \w+ \d{4}\s+\d{1,2}:\d\d:\d\d(?: [+-]\d{4})? \((\d+):(\d\d):(\d\d(?:\.\d+)?)\)\s+\d+:\d\d:\d\d(?:\.\d+)?\s*\*+$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileTimePattern();

    [GeneratedRegex(@"^(.+?) -{2,} (\d+(?:\.\d+)?)s\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileRowPattern();

    // subunit-trace: "{0} tempest.api.x.Test.test_y[id-...,smoke] [1.234567s] ... ok"
    [GeneratedRegex(@"^\{\d+\} (\S+(?: \([^)]*\))?)(?: \[(\d+(?:\.\d+)?)s\])? \.\.\. (ok|FAILED|SKIPPED)(?::\s*(.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TempestPattern();

    [GeneratedRegex(@"^(?:Ran: (\d+) tests? in (\d+(?:\.\d+)?) sec\.?| - (Passed|Skipped|Expected Fail|Unexpected Success|Failed): (\d+))\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TotalsPattern();

    private LineClass Xtrace(in LogLine line)
    {
        var command = XtraceCommand.TryParse(line.Content);
        if (command is null)
            return Other(line);
        _xtraceQuoteOpen = XtraceCommand.EndsInsideQuotes(command.Command, open: false);
        if (command.Depth == 1)
        {
            // Only the job's own last command counts: a helper script's early `exit 0` is followed by more.
            var exit = ExitPattern().Match(command.Command);
            _exitMarker = exit.Success ? (int.Parse(exit.Groups[1].ValueSpan, CultureInfo.InvariantCulture), line.Number) : null;
        }
        return LineClass.Xtrace;
    }

    private LineClass? TryMarker(in LogLine line)
    {
        var content = line.Content.TrimEnd();
        if (content.StartsWith("Playbook run", StringComparison.Ordinal))
            return PlaybookMarker(content, line.Number);
        if (content is "Quickstart completed." or "Run completed")
        {
            _builder.EndMarker(content, line.Number);
            return LineClass.Marker;
        }
        var exit = ExitPattern().Match(content);
        if (exit.Success)
        {
            _exitMarker = (int.Parse(exit.Groups[1].ValueSpan, CultureInfo.InvariantCulture), line.Number);
            return LineClass.Marker;
        }
        return null;
    }

    private LineClass? PlaybookMarker(string content, long line)
    {
        var named = PlaybookMarkerPattern().Match(content);
        bool passed;
        string? name = null;
        if (named.Success)
        {
            name = named.Groups[1].Value;
            passed = named.Groups[2].ValueSpan is "passed successfully";
        }
        else if (content is "Playbook run passed successfully" or "Playbook run passed successfully.")
            passed = true;
        else if (content is "Playbook run failed" or "Playbook run failed.")
            passed = false;
        else
            return null;

        if (!passed)
            _builder.FailMarker(content, line);
        else if (name is null)
            _builder.EndMarker(content, line);
        if (name is not null || _builder.RunOpen)
        {
            if (!_builder.RunOpen || !InSection(SectionKind.Playbook))
                StartRun(null, line);
            _closingRunName = _builder.EndRun(name, passed, line);
            if (!passed)
                MarkPlaybookFailed();
            _closeRunAfterLine = true;
        }
        return passed ? LineClass.Marker : LineClass.Error;
    }

    private void MarkPlaybookFailed()
    {
        var playbook = _sections.FindLast(s => s.Kind == SectionKind.Playbook);
        if (playbook is not null)
            playbook.Failed = true;
    }

    private bool TryProfileTime(string content)
    {
        var match = ProfileTimePattern().Match(content);
        if (!match.Success)
            return false;
        var seconds = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) * 3600
            + int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture) * 60
            + double.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
        _builder.TaskDuration(seconds);
        _lastWasProfileTime = true;
        return true;
    }

    private LineClass StartProfileTable()
    {
        _inProfileTable = true;
        _lastWasProfileTime = false;
        return LineClass.Plain;
    }

    private bool TryProfileTableRow(in LogLine line)
    {
        var match = ProfileRowPattern().Match(line.Content);
        if (!match.Success)
        {
            _inProfileTable = false;
            return false;
        }
        _builder.ProfileTableRow(match.Groups[1].Value.Trim(),
            double.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture), line.Number);
        return true;
    }

    private LineClass? TryTempestTest(in LogLine line)
    {
        var match = TempestPattern().Match(line.Content);
        if (!match.Success)
            return null;
        var status = match.Groups[3].ValueSpan switch
        {
            "ok" => TempestStatus.Passed,
            "FAILED" => TempestStatus.Failed,
            _ => TempestStatus.Skipped,
        };
        double? seconds = match.Groups[2].Success ? double.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture) : null;
        var reason = match.Groups[4].Success ? match.Groups[4].Value : null;
        _builder.Tempest(new TempestTest(match.Groups[1].Value, status, seconds, reason, line.Number));
        return status switch
        {
            TempestStatus.Passed => LineClass.Ok,
            TempestStatus.Failed => LineClass.Error,
            _ => LineClass.Skipped,
        };
    }

    private bool TryTempestTotals(string content)
    {
        if (content.Length > 0 && content.AsSpan().Trim('=').IsEmpty)
            return true;
        var match = TotalsPattern().Match(content);
        if (!match.Success)
        {
            FinishTempestTotals();
            return false;
        }
        _sawTotals = true;
        if (match.Groups[1].Success)
        {
            _totals[0] = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            _totalsSeconds = double.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
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
        _totals[index] = int.Parse(match.Groups[4].ValueSpan, CultureInfo.InvariantCulture);
        return true;
    }

    private void FinishTempestTotals()
    {
        _inTempestTotals = false;
        if (!_sawTotals)
            return;
        _builder.TempestTotals(new TempestTotals(_totals[0], _totals[1], _totals[2], _totals[3], _totals[4], _totals[5], _totalsSeconds));
        _sawTotals = false;
        _totals = new int[6];
        _totalsSeconds = null;
    }
}
