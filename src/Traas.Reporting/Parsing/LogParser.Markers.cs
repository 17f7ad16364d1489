using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

internal sealed partial class LogParser
{
    /// <summary>
    /// The job's exit status line: traas.sh's last line is `exit N`, toci_gate_test.sh's last command
    /// `+ exit N`. Only a line the log says nothing after (blank lines aside) is one: an earlier
    /// `exit 0` (a helper's, a task's output, a first run's in an appended log) is followed by more.
    /// </summary>
    private (int Code, long Line)? _exitMarker;
    private bool _lastWasProfileTime;
    private bool _inProfileTable;

    [GeneratedRegex(@"^Playbook run of (.+) (passed successfully|failed)\.?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaybookMarkerPattern();

    [GeneratedRegex(@"^exit (\d+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ExitPattern();

    // profile_tasks: "Thursday 01 March 2018  10:00:00 +0000 (0:00:01.234)       0:00:05.678 ****"
    [GeneratedRegex(@"^\w+ \d{1,2} \w+ \d{4}\s+\d{1,2}:\d\d:\d\d(?: [+-]\d{4})? \((\d+):(\d\d):(\d\d(?:\.\d+)?)\)\s+"
        + @"(\d+):(\d\d):(\d\d(?:\.\d+)?)\s*\*+$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileTimePattern();

    [GeneratedRegex(@"^(.+?) -{2,} (\d+(?:\.\d+)?)s\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileRowPattern();

    private LineClass Xtrace(in LogLine line)
    {
        var command = XtraceCommand.TryParse(line.Content);
        if (command is null)
            return Other(line);
        _xtraceQuoteOpen = XtraceCommand.EndsInsideQuotes(command.Command, open: false);
        // A subshell's `++ exit N` ends the subshell, not the job.
        var exit = command.Depth == 1 && command.Command.Length <= MaxPatternChars
            ? ExitPattern().Match(command.Command) : Match.Empty;
        if (exit.Success)
            _exitMarker = (LogNumber.Int(exit.Groups[1].ValueSpan), line.Number);
        return LineClass.Xtrace;
    }

    private LineClass? TryMarker(in LogLine line)
    {
        var content = line.Content;
        if (content.Length > MaxPatternChars)
            return null;
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
            _exitMarker = (LogNumber.Int(exit.Groups[1].ValueSpan), line.Number);
            return LineClass.Marker;
        }
        return CiEndLine(content, line.Number)
            ?? (content.Contains("RUN ", StringComparison.Ordinal) ? ZuulPhase(line) : null);
    }

    // Zuul v2: "[Zuul] Job complete, result: FAILURE"; Jenkins: "Finished: SUCCESS".
    [GeneratedRegex(@"^(?:\[Zuul\] Job complete, result|Finished): ([A-Z_]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex CiEndPattern();

    private LineClass? CiEndLine(string content, long line)
    {
        if (content[0] is not ('[' or 'F'))
            return null;
        var match = CiEndPattern().Match(content);
        if (!match.Success)
            return null;
        var passed = match.Groups[1].ValueSpan is "SUCCESS";
        _builder.CiEnd(passed, content, line);
        return passed ? LineClass.Marker : LineClass.Error;
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
        var match = content.Length <= MaxPatternChars ? ProfileTimePattern().Match(content) : Match.Empty;
        if (!match.Success)
            return false;
        _builder.TaskDuration(Seconds(match, 1), Seconds(match, 4));
        _lastWasProfileTime = true;
        return true;
    }

    private LineClass StartProfileTable()
    {
        _inProfileTable = true;
        _lastWasProfileTime = false;
        return LineClass.Plain;
    }

    private static double Seconds(Match match, int group) =>
        LogNumber.Int(match.Groups[group].ValueSpan) * 3600.0
        + LogNumber.Int(match.Groups[group + 1].ValueSpan) * 60.0
        + LogNumber.Seconds(match.Groups[group + 2].ValueSpan);

    private bool TryProfileTableRow(in LogLine line)
    {
        var match = line.Content.Length <= MaxPatternChars ? ProfileRowPattern().Match(line.Content) : Match.Empty;
        if (!match.Success)
        {
            _inProfileTable = false;
            return false;
        }
        _builder.ProfileTableRow(match.Groups[1].Value.Trim(),
            LogNumber.Seconds(match.Groups[2].ValueSpan), line.Number);
        return true;
    }
}
