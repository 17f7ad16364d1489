using Traas.Reporting.Model;

namespace Traas.Reporting.Parsing;

/// <summary>
/// Folds parser events into task results and hands each finished task to an <see cref="ICaseSink"/>.
/// A task is finished once its profile_tasks time has had its chance to arrive and no host in it
/// waits on a rescue decision; only bounded summaries stay here.
/// </summary>
internal sealed partial class ReportBuilder(ICaseSink sink)
{
    private readonly List<PlaybookRun> _runs = [];
    private readonly List<PlayInfo> _plays = [];
    private readonly Queue<TaskState> _closed = new();
    private readonly Dictionary<string, HostState> _pendingRescue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostCounts> _runCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostCounts> _totals = new(StringComparer.Ordinal);
    private readonly List<FailedTask> _failures = [];
    private readonly List<RecapMismatch> _mismatches = [];
    private readonly List<HostState> _rescueCandidates = [];

    private bool _runOpen;
    private string? _runBannerName;
    private long _runLine;
    private int _playIndex = -1;
    private string _playName = "";
    private TaskState? _current;
    private TaskState? _awaitingDuration;
    private HostState? _lastFailure;
    private int _taskCount;
    private int _failedTaskCount;
    private int _recapRows;

    public bool RunOpen => _runOpen;

    /// <summary>Name of the current playbook run as far as it is known (banner), for section titles.</summary>
    public string CurrentRunName => _runBannerName ?? $"playbook run {_runs.Count + 1}";

    public string CurrentPlayName => _playName;

    public bool CurrentTaskFailing => _current?.IsFailing ?? false;

    public void BeginRun(string? bannerName, long line)
    {
        if (_runOpen)
            EndRun(null, null, line);
        _runOpen = true;
        _runBannerName = bannerName;
        _runLine = line;
        _runCounts.Clear();
    }

    /// <returns>The name the run ends up with.</returns>
    public string EndRun(string? markerName, bool? passed, long line)
    {
        if (!_runOpen)
            BeginRun(null, line);
        EndPlay();
        DecideRescues(host: null, rescued: 0);
        var name = markerName ?? _runBannerName ?? $"playbook run {_runs.Count + 1}";
        _runs.Add(new PlaybookRun(_runs.Count, name, markerName is not null, passed, _runLine));
        _runOpen = false;
        _runBannerName = null;
        return name;
    }

    public void BeginPlay(string name, long line)
    {
        if (!_runOpen)
            BeginRun(null, line);
        EndPlay();
        _playIndex++;
        _playName = name;
        _plays.Add(new PlayInfo(_playIndex, _runs.Count, name, line));
    }

    /// <summary>Ends the current play: every failure still waiting for a rescue was not rescued.</summary>
    public void EndPlay()
    {
        CloseCurrentTask();
        foreach (var host in _pendingRescue.Values)
            host.PendingRescue = false;
        _pendingRescue.Clear();
        _lastFailure = null;
        foreach (var task in _closed)
            CountFinalHosts(task);
        TryFlush();
    }

    public void BeginTask(string name, bool isHandler, long line)
    {
        CloseCurrentTask();
        EnsurePlay(line);
        _current = new TaskState(name, isHandler, _playName, _playIndex, line);
        _taskCount++;
    }

    public HostState AddResult(ResultKind kind, string host, bool isItem, long line)
    {
        Settle();
        if (_current is null)
            BeginTask("(results without a TASK banner)", false, line);
        var task = _current!;
        if (_pendingRescue.TryGetValue(host, out var failed) && !task.Owns(failed))
        {
            // The host goes on after a failure in this play: a rescue (or always) block is running for it.
            _pendingRescue.Remove(host);
            failed.PendingRescue = false;
            failed.RescueCandidate = true;
            _rescueCandidates.Add(failed);
        }
        var state = task.HostFor(host, line);
        if (isItem)
            state.Items++;
        switch (kind)
        {
            case ResultKind.Ok: state.AnyOk = true; break;
            case ResultKind.Changed: state.AnyChanged = true; break;
            case ResultKind.Skipping: state.AnySkipped = true; break;
            case ResultKind.Unreachable:
                if (!state.AnyFailed && !state.AnyUnreachable)
                    state.FailureLine = line;
                state.AnyUnreachable = true;
                break;
            case ResultKind.Failed:
                if (!state.AnyFailed && !state.AnyUnreachable)
                    state.FailureLine = line;
                state.AnyFailed = true;
                state.PendingRescue = true;
                _pendingRescue[host] = state;
                _lastFailure = state;
                break;
        }
        return state;
    }

    /// <summary>`...ignoring`: the failure just printed does not count.</summary>
    public void Ignoring()
    {
        Settle();
        if (_lastFailure is null)
            return;
        _lastFailure.Ignored = true;
        _lastFailure.PendingRescue = false;
        _pendingRescue.Remove(_lastFailure.Host);
        _lastFailure = null;
    }

    /// <summary>profile_tasks prints the previous task's time on the line after the next banner.</summary>
    public void TaskDuration(double seconds)
    {
        if (_awaitingDuration is not null)
        {
            _awaitingDuration.Duration = seconds;
            NoteDuration(_awaitingDuration);
        }
        _awaitingDuration = null;
        TryFlush();
    }

    public void BeginRecap(long line)
    {
        EnsurePlay(line);
        EndPlay();
    }

    /// <remarks>profile_tasks prints the last task's time after the RECAP rows: they do not settle it.</remarks>
    public void RecapRow(RecapRow row, string playbook)
    {
        _recapRows++;
        // Only ansible 2.8+ counts rescues: the older form cannot confirm one, so those stay failures.
        DecideRescues(row.Host, row.HasExtendedCounters ? row.Counts.Rescued : 0);
        var counted = _runCounts.GetValueOrDefault(row.Host, HostCounts.Zero);
        var comparable = row.HasExtendedCounters
            ? counted
            // ansible 2.4 counted a rescued failure as a failure and had no skipped, rescued or ignored.
            : new HostCounts(counted.Ok, counted.Changed, counted.Unreachable, counted.Failed + counted.Rescued, 0, 0, 0);
        if (comparable != row.Counts)
            _mismatches.Add(new RecapMismatch(playbook, row.Host, comparable, row.Counts, row.Line));
    }

    /// <summary>Any line that is not a profile_tasks time: the previous task has no time to wait for.</summary>
    public void Settle()
    {
        if (_awaitingDuration is null)
            return;
        _awaitingDuration = null;
        TryFlush();
    }

    private void EnsurePlay(long line)
    {
        if (_playIndex < 0 || !_runOpen)
            BeginPlay("(tasks without a PLAY banner)", line);
    }

    private void CloseCurrentTask()
    {
        if (_current is null)
            return;
        var task = _current;
        _current = null;
        _closed.Enqueue(task);
        _awaitingDuration = task;
        CountFinalHosts(task);
    }

    /// <summary>The first <paramref name="rescued"/> candidates of a host (all hosts when null) were rescued; the rest failed.</summary>
    private void DecideRescues(string? host, int rescued)
    {
        foreach (var candidate in _rescueCandidates.Where(c => host is null || c.Host == host).ToList())
        {
            candidate.Rescued = rescued-- > 0;
            candidate.RescueCandidate = false;
            _rescueCandidates.Remove(candidate);
        }
        foreach (var task in _closed)
            CountFinalHosts(task);
        TryFlush();
    }

    private void TryFlush()
    {
        while (_closed.TryPeek(out var task))
        {
            if (ReferenceEquals(task, _awaitingDuration) || task.Hosts.Exists(h => h.Undecided))
                return;
            _closed.Dequeue();
            CountFinalHosts(task);
            sink.OnTask(task.ToResult(), task.PlayIndex);
        }
    }
}
