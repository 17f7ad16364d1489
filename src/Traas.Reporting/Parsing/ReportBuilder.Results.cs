namespace Traas.Reporting.Parsing;

internal sealed partial class ReportBuilder
{
    private const int FailedTestIdsKept = 10_000;

    private readonly List<TimedTask> _slowest = [];
    private readonly List<TimedTask> _profileTable = [];
    private readonly List<TempestTest> _tempestFailures = [];
    private readonly List<TempestTest> _heldTests = [];
    private readonly HashSet<string> _failedTestIds = new(StringComparer.Ordinal);
    private readonly List<int> _failureRuns = [];
    private TempestTotals? _tempestTotals;
    private int _tempestCount;
    private int _hostResults;
    private int _tempestFailed;
    private int _tempestSkipped;
    private bool _tempestIds;
    private int _ansibleWarnings;
    private bool _sawPlaybookBanner;
    private double _profileDone;
    private double? _profileRun;

    public void AnsibleWarning() => _ansibleWarnings++;

    public void SawPlaybookBanner() => _sawPlaybookBanner = true;

    public void ProfileTableRow(string task, double seconds, long line)
    {
        if (_profileTable.Count < ReportLimits.SlowestTasks * 10)
            _profileTable.Add(new TimedTask(task, "", seconds, line));
    }

    /// <summary>profile_tasks' running total; it starts again from 0 when another run is appended.</summary>
    private void ProfileTotal(double total)
    {
        if (_profileRun is { } run && total < run)
            _profileDone += run;
        _profileRun = total;
    }

    public void Tempest(TempestTest test)
    {
        _tempestCount++;
        _tempestIds |= test.Id.Contains("tempest", StringComparison.Ordinal);
        if (test.Status == TempestStatus.Failed)
        {
            _tempestFailed++;
            if (_failedTestIds.Count < FailedTestIdsKept)
            {
                _failedTestIds.Add(TestKey(test.Id));
                if (PytestHeadLine(test.Id) is { } headLine)
                    _failedTestIds.Add(headLine);
            }
            if (_tempestFailures.Count < ReportLimits.TempestFailuresKept)
                _tempestFailures.Add(test);
            // Its traceback may come later (unittest's FAIL: block, subunit-trace's attachments): held
            // till then, or the end of the log.
            if (test.Detail is null && _heldTests.Count < ReportLimits.TempestFailuresKept)
            {
                _heldTests.Add(test);
                return;
            }
        }
        else if (test.Status == TempestStatus.Skipped)
            _tempestSkipped++;
        sink.OnTempestTest(test);
    }

    /// <summary>
    /// A traceback block (unittest's `FAIL: id`, subunit-trace's attachments, pytest's failures): the
    /// detail of a failure already read, or a failure of its own.
    /// </summary>
    /// <param name="pytestHeadLine">The block names its test as pytest's failure header does.</param>
    public void TestBlock(TempestTest test, bool pytestHeadLine = false)
    {
        var key = TestKey(test.Id);
        var held = Find(_heldTests, test.Id, key, pytestHeadLine);
        var kept = Find(_tempestFailures, test.Id, key, pytestHeadLine);
        if (held < 0 && kept < 0 && !_failedTestIds.Contains(pytestHeadLine ? test.Id : key))
        {
            Tempest(test);
            return;
        }
        if (kept >= 0 && _tempestFailures[kept].Detail is null)
            _tempestFailures[kept] = Explained(_tempestFailures[kept], test);
        if (held >= 0)
        {
            var explained = Explained(_heldTests[held], test);
            _heldTests.RemoveAt(held);
            sink.OnTempestTest(explained);
        }
    }

    /// <summary>
    /// The unexplained test of that id, else of that id without tags (pytest's `[param]` ids differ only
    /// there), or the first of that pytest head line.
    /// </summary>
    private static int Find(List<TempestTest> tests, string id, string key, bool pytestHeadLine)
    {
        if (pytestHeadLine)
            return tests.FindIndex(t => t.Detail is null && PytestHeadLine(t.Id) == id);
        var exact = tests.FindIndex(t => t.Id == id);
        return exact >= 0 ? exact : tests.FindIndex(t => TestKey(t.Id) == key);
    }

    /// <summary>
    /// How pytest heads a failure: the node id past its file, `::` as `.` (`Class.test_x[param]`);
    /// null for an id that is no node id.
    /// </summary>
    internal static string? PytestHeadLine(string id)
    {
        var file = id.IndexOf("::", StringComparison.Ordinal);
        return file < 0 ? null : id[(file + 2)..].Replace("::", ".", StringComparison.Ordinal);
    }

    private static TempestTest Explained(TempestTest test, TempestTest block) =>
        test with { Detail = block.Detail, Reason = block.Reason ?? test.Reason };

    /// <summary>
    /// A test's id without its tags, as subunit-trace prints it on the test's line (`cleanup_test_name`:
    /// the first `[...]` left out), where its failures' block prints it whole.
    /// </summary>
    internal static string TestKey(string id)
    {
        var open = id.IndexOf('[', StringComparison.Ordinal);
        var close = id.IndexOf(']', StringComparison.Ordinal);
        return open > 0 && close > open ? string.Concat(id.AsSpan(0, open), id.AsSpan(close + 1)) : id;
    }

    private void FlushHeldTests()
    {
        foreach (var test in _heldTests)
            sink.OnTempestTest(test);
        _heldTests.Clear();
    }

    public void TempestTotals(TempestTotals totals) => _tempestTotals = totals;

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
            if (host.Folded > 1)
                counts = Folded(counts, host.Folded);
            else if (status == ResultStatus.Ok && host.Includes > 1)
                counts = counts with { Ok = counts.Ok + host.Includes - 1 };
            _runCounts[host.Host] = _runCounts.GetValueOrDefault(host.Host, HostCounts.Zero).Plus(counts);
            _totals[host.Host] = _totals.GetValueOrDefault(host.Host, HostCounts.Zero).Plus(counts);
            if (status is ResultStatus.Failed or ResultStatus.Unreachable)
            {
                _failedTaskCount++;
                if (_failures.Count < ReportLimits.FailuresKept)
                {
                    // The run's name may come later, from the marker after it: filled in by Complete.
                    _failureRuns.Add(RunIndex);
                    _failures.Add(new FailedTask("", task.Play, task.Name, host.Host, status, host.FailureMessage,
                        host.FailureLine, host.Detail));
                }
            }
        }
    }

    private void NoteDuration(TaskState task, double seconds)
    {
        var timed = new TimedTask(task.Name, task.Play, seconds, task.Line);
        if (_slowest.Count == ReportLimits.SlowestTasks && _slowest[^1].Seconds >= timed.Seconds)
            return;
        var at = _slowest.FindIndex(t => t.Seconds < timed.Seconds);
        _slowest.Insert(at < 0 ? _slowest.Count : at, timed);
        if (_slowest.Count > ReportLimits.SlowestTasks)
            _slowest.RemoveAt(_slowest.Count - 1);
    }

    public JobReport Complete(long lines, long bytes)
    {
        var running = Running();
        if (_runOpen)
            EndRun(null, null, lines);
        _awaitingDuration = null;
        TryFlush();
        FlushHeldTests();
        var verdict = DecideOutcome(lines, running);
        return new JobReport
        {
            Outcome = verdict.Outcome,
            OutcomeReason = verdict.Reason,
            OutcomeLine = verdict.Line,
            OutcomeSource = verdict.Source,
            RunHeadline = verdict.Headline,
            StillRunning = verdict.StillRunning,
            CiRetries = verdict.CiRetries,
            Playbooks = _runs,
            Plays = _plays,
            HasPlaybookMarkers = _runs.Exists(r => r.HasMarker) || _sawPlaybookBanner,
            HostTotals = _totals,
            TaskCount = _taskCount,
            HostResultCount = _hostResults,
            FailedTaskCount = _failedTaskCount,
            Failures = [.. _failures.Select((f, i) => f with { Playbook = RunName(_failureRuns[i]) })
                .OrderBy(f => f.Line)],
            SlowestTasks = _slowest.Count > 0 ? _slowest : SlowestFromProfileTable(),
            ProfileTotalSeconds = _profileRun is { } run ? _profileDone + run : null,
            RecapMismatches = _mismatches,
            RecapRows = _recapRows,
            TempestTotals = _tempestTotals,
            TempestTestCount = _tempestCount,
            TempestFailedCount = _tempestFailed,
            TempestSkippedCount = _tempestSkipped,
            TempestFailures = _tempestFailures,
            TestSuiteName = _tempestIds || _tempestCount == 0 ? "tempest" : "tests",
            AnsibleWarningCount = _ansibleWarnings,
            Warnings = _warnings,
            WarningCount = _warningCount,
            ErrorLines = [],
            LogTail = [],
            LineCount = lines,
            ByteCount = bytes,
        };
    }

    private string RunName(int index) => index < _runs.Count ? _runs[index].Name : $"playbook run {index + 1}";

    private List<TimedTask> SlowestFromProfileTable() =>
        [.. _profileTable.OrderByDescending(t => t.Seconds).Take(ReportLimits.SlowestTasks)];
}
