using Traas.Reporting.Model;

namespace Traas.Reporting.Parsing;

internal sealed partial class ReportBuilder
{
    private readonly List<TimedTask> _slowest = [];
    private readonly List<TimedTask> _profileTable = [];
    private readonly List<TempestTest> _tempestFailures = [];
    private readonly List<int> _failureRuns = [];
    private TempestTotals? _tempestTotals;
    private int _tempestCount;
    private int _hostResults;
    private int _tempestFailed;
    private int _tempestSkipped;
    private int _warnings;
    private (string Reason, long Line)? _failMarker;
    private (string Reason, long Line)? _endMarker;

    public void Warning() => _warnings++;

    public void ProfileTableRow(string task, double seconds, long line)
    {
        if (_profileTable.Count < ReportLimits.SlowestTasks * 10)
            _profileTable.Add(new TimedTask(task, "", seconds, line));
    }

    public void Tempest(TempestTest test)
    {
        _tempestCount++;
        if (test.Status == TempestStatus.Failed)
        {
            _tempestFailed++;
            if (_tempestFailures.Count < ReportLimits.TempestFailuresKept)
                _tempestFailures.Add(test);
        }
        else if (test.Status == TempestStatus.Skipped)
            _tempestSkipped++;
        sink.OnTempestTest(test);
    }

    public void TempestTotals(TempestTotals totals) => _tempestTotals = totals;

    /// <summary>A tripleo-ci marker that says the job (or one of its playbooks) failed.</summary>
    public void FailMarker(string reason, long line) => _failMarker ??= (reason, line);

    /// <summary>A tripleo-ci marker that the job reached its end.</summary>
    public void EndMarker(string reason, long line) => _endMarker = (reason, line);

    /// <summary>The job's last `exit N`: a non-zero code fails the job; 0 ends it when no other marker did.</summary>
    public void ExitMarker(int code, long line)
    {
        if (code != 0)
            FailMarker($"exit {code}", line);
        else
            _endMarker ??= ($"exit {code}", line);
    }

    private void CountFinalHosts(TaskState task)
    {
        foreach (var host in task.Hosts)
        {
            if (host.Counted || host.Undecided)
                continue;
            host.Counted = true;
            _hostResults++;
            var status = host.Status;
            // One testcase per (task, host), but ansible counts every included file of a looped include as an ok.
            var counts = HostCounts.Zero.Add(status, host.AnyChanged);
            if (status == ResultStatus.Ok && host.Includes > 1)
                counts = counts with { Ok = counts.Ok + host.Includes - 1 };
            _runCounts[host.Host] = _runCounts.GetValueOrDefault(host.Host, HostCounts.Zero).Plus(counts);
            _totals[host.Host] = _totals.GetValueOrDefault(host.Host, HostCounts.Zero).Plus(counts);
            if (status is ResultStatus.Failed or ResultStatus.Unreachable)
            {
                _failedTaskCount++;
                if (_failures.Count < ReportLimits.FailuresKept)
                {
                    // The run's name may come later, from the marker after it: filled in by Complete.
                    _failureRuns.Add(_runs.Count);
                    _failures.Add(new FailedTask("", task.Play, task.Name, host.Host, status, host.Message ?? "", host.FailureLine, host.Detail));
                }
            }
        }
    }

    private void NoteDuration(TaskState task)
    {
        var timed = new TimedTask(task.Name, task.Play, task.Duration!.Value, task.Line);
        if (_slowest.Count == ReportLimits.SlowestTasks && _slowest[^1].Seconds >= timed.Seconds)
            return;
        var at = _slowest.FindIndex(t => t.Seconds < timed.Seconds);
        _slowest.Insert(at < 0 ? _slowest.Count : at, timed);
        if (_slowest.Count > ReportLimits.SlowestTasks)
            _slowest.RemoveAt(_slowest.Count - 1);
    }

    public JobReport Complete(long lines, long bytes)
    {
        if (_runOpen)
            EndRun(null, null, lines);
        _awaitingDuration = null;
        TryFlush();
        var (outcome, reason, line) = DecideOutcome(lines);
        return new JobReport
        {
            Outcome = outcome,
            OutcomeReason = reason,
            OutcomeLine = line,
            Playbooks = _runs,
            Plays = _plays,
            HasPlaybookMarkers = _runs.Exists(r => r.HasMarker) || _sawPlaybookBanner,
            HostTotals = _totals,
            TaskCount = _taskCount,
            HostResultCount = _hostResults,
            FailedTaskCount = _failedTaskCount,
            Failures = [.. _failures.Select((f, i) => f with { Playbook = RunName(_failureRuns[i]) }).OrderBy(f => f.Line)],
            SlowestTasks = _slowest.Count > 0 ? _slowest : SlowestFromProfileTable(),
            RecapMismatches = _mismatches,
            RecapRows = _recapRows,
            TempestTotals = _tempestTotals,
            TempestTestCount = _tempestCount,
            TempestFailedCount = _tempestFailed,
            TempestSkippedCount = _tempestSkipped,
            TempestFailures = _tempestFailures,
            WarningCount = _warnings,
            LineCount = lines,
            ByteCount = bytes,
        };
    }

    private bool _sawPlaybookBanner;

    private string RunName(int index) => index < _runs.Count ? _runs[index].Name : $"playbook run {index + 1}";

    public void SawPlaybookBanner() => _sawPlaybookBanner = true;

    private List<TimedTask> SlowestFromProfileTable() =>
        [.. _profileTable.OrderByDescending(t => t.Seconds).Take(ReportLimits.SlowestTasks)];

    private (JobOutcome, string, long?) DecideOutcome(long lines)
    {
        if (_failMarker is { } fail)
            return (JobOutcome.Failed, fail.Reason, fail.Line);
        if (_endMarker is { } end)
            return (JobOutcome.Passed, end.Reason, end.Line);
        return (JobOutcome.Unfinished, $"the log stops at line {lines} before any tripleo-ci end marker: the job did not finish", null);
    }
}
