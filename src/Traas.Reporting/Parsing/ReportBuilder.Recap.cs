namespace Traas.Reporting.Parsing;

/// <summary>
/// PLAY RECAP rows: each is reconciled with the results counted for its run, or a warning names
/// its line and says why it could not be.
/// </summary>
internal sealed partial class ReportBuilder
{
    internal const string UnprintedTaskName = "(skipped results ansible did not print)";

    private readonly List<RecapMismatch> _mismatches = [];
    private readonly List<ReportWarning> _warnings = [];
    private int _warningCount;
    private bool _recapLast;
    private long _lastRecapLine;
    private int _lastRecapRows;
    private int _lastRecapFailingHosts;

    public void Warn(long? line, string text)
    {
        _warningCount++;
        if (_warnings.Count < ReportLimits.WarningsKept)
            _warnings.Add(new ReportWarning(line, text));
    }

    /// <summary>A banner or result after the recap: the log's last ansible output is not that recap.</summary>
    public void OutputAfterRecap() => _recapLast = false;

    public void BeginRecap(long line)
    {
        EnsurePlay(line);
        EndPlay();
        _recapLast = true;
        _lastRecapLine = line;
        _lastRecapRows = _lastRecapFailingHosts = 0;
    }

    /// <remarks>profile_tasks prints the last task's time after the RECAP rows: they do not settle it.</remarks>
    public void RecapRow(RecapRow row, string playbook)
    {
        row = row with { Host = Host(row.Host, row.Line) };
        _recapRows++;
        _lastRecapRows++;
        if (row.Counts.Failed > 0 || row.Counts.Unreachable > 0)
            _lastRecapFailingHosts++;
        _runRecap[row.Host] = _runRecap.GetValueOrDefault(row.Host, HostCounts.Zero).Plus(row.Counts);
        // Only ansible 2.8+ counts rescues: the older form cannot confirm one, so those stay failures.
        var ignored = row.CountsIgnored
            ? row.Counts.Ignored - _runCounts.GetValueOrDefault(row.Host, HostCounts.Zero).Ignored : 0;
        DecideRescues(row.Host, row.CountsRescues ? row.Counts.Rescued : 0, ignored);
        if (row.Host == OverflowHost)
            return;
        var comparable = Comparable(_runCounts.GetValueOrDefault(row.Host, HostCounts.Zero), row);
        if (comparable == row.Counts || TryUnprintedSkips(row, comparable))
            return;
        _mismatches.Add(new RecapMismatch(playbook, row.Host, comparable, row.Counts, row.Line));
        Warn(row.Line, $"PLAY RECAP of {playbook} (line {row.Line}) says {row.Host} had {row.Counts.Describe()}; "
            + $"the task results in the log give {comparable.Describe()}: {WhyNot(row, comparable)}");
    }

    /// <summary>The counts in the row's own terms: a counter it does not have is not compared.</summary>
    private static HostCounts Comparable(HostCounts counted, RecapRow row)
    {
        if (!row.HasExtendedCounters)
            counted = counted with { Skipped = 0 };
        // ansible before 2.8 counted a rescued failure as a failure.
        if (!row.CountsRescues)
            counted = counted with { Failed = counted.Failed + counted.Rescued, Rescued = 0 };
        if (!row.CountsIgnored)
            counted = counted with { Ignored = 0 };
        return counted;
    }

    private static string WhyNot(RecapRow row, HostCounts counted)
    {
        var recap = row.Counts;
        if (row.IsZuul && recap.Ok > counted.Ok && recap.Failed == counted.Failed
            && recap.Unreachable == counted.Unreachable)
            return "Zuul's console does not print every result the way ansible counts it "
                + "(a debug task's message has no "
                + "host column, a command that changed something shows as ok)";
        if (recap.Ok + recap.Failed + recap.Unreachable + recap.Skipped + recap.Rescued
            >= counted.Ok + counted.Failed + counted.Unreachable + counted.Skipped + counted.Rescued)
            return "ansible counted results the log does not show "
                + "(a callback that hides them, or lines missing from the log)";
        return "the log shows results for this host that the recap does not count (output of another run mixed in)";
    }

    /// <summary>
    /// ansible counts a task that loops over an empty list as skipped and prints nothing for it. When
    /// the recap's skipped exceeds the skips seen by exactly what tasks that printed nothing can
    /// explain, those skips become testcases of their own, named for what they are.
    /// </summary>
    private bool TryUnprintedSkips(RecapRow row, HostCounts counted)
    {
        var missing = row.Counts.Skipped - counted.Skipped;
        if (!row.HasExtendedCounters || missing <= 0 || (counted with { Skipped = row.Counts.Skipped }) != row.Counts
            || !_hostPlays.TryGetValue(row.Host, out var plays))
            return false;
        var silent = _silentTasks.Where(t => plays.Contains(t.Play)).ToList();
        if (silent.Count < missing)
            return false;
        var lines = string.Join(", ", silent.Take(20).Select(t => t.Line));
        var message = $"PLAY RECAP (line {row.Line}) counts {Plural.Of(missing, "skipped result")} for {row.Host} "
            + "that the log does not show: ansible prints nothing for a task that loops over an empty list. "
            + $"Tasks of {row.Host}'s "
            + $"plays that printed no result: lines {lines}{(silent.Count > 20 ? ", ..." : "")}";
        for (var i = 0; i < missing; i++)
        {
            var play = silent[0].Play;
            var task = new TaskState(UnprintedTaskName, false, _plays[play].Name, play, row.Line, null)
            {
                Unprinted = true,
            };
            var host = task.HostFor(row.Host, row.Line);
            host.AnySkipped = true;
            host.Message = message;
            _closed.Enqueue(task);
            CountFinalHosts(task);
        }
        TryFlush();
        return true;
    }
}
