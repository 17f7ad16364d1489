namespace Traas.Reporting.Parsing;

/// <summary>
/// Folds parser events into task results and hands each finished task to an <see cref="ICaseSink"/>.
/// A task is finished once its profile_tasks time has had its chance to arrive and no host in it
/// waits on a rescue decision; only bounded summaries stay here.
/// </summary>
internal sealed partial class ReportBuilder(ICaseSink sink)
{
    private const int SilentTasksKept = 10_000;

    private readonly List<PlaybookRun> _runs = [];
    private readonly List<PlayInfo> _plays = [];
    private readonly Queue<TaskState> _closed = new();
    private readonly Dictionary<string, HostState> _pendingRescue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostCounts> _runCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostCounts> _runRecap = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HostCounts> _totals = new(StringComparer.Ordinal);
    private readonly List<FailedTask> _failures = [];
    private readonly List<HostState> _rescueCandidates = [];
    /// <summary>This run's tasks that printed no result at all (an include, or a loop over nothing).</summary>
    private readonly List<(int Play, long Line)> _silentTasks = [];
    /// <summary>The plays of this run each host had results in.</summary>
    private readonly Dictionary<string, HashSet<int>> _hostPlays = new(StringComparer.Ordinal);

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
    public string CurrentRunName => _runBannerName ?? $"playbook run {_runsEnded + 1}";

    public bool CurrentTaskFailing => _current?.IsFailing ?? false;

    public void BeginRun(string? bannerName, long line)
    {
        if (_runOpen)
            EndRun(null, null, line);
        _runOpen = true;
        _runBannerName = bannerName;
        _runLine = line;
        _runCounts.Clear();
        _runRecap.Clear();
        _silentTasks.Clear();
        _hostPlays.Clear();
    }

    /// <returns>The name the run ends up with.</returns>
    public string EndRun(string? markerName, bool? passed, long line)
    {
        if (!_runOpen)
            BeginRun(null, line);
        EndPlay();
        DecideRescues(host: null, rescued: 0);
        var name = markerName ?? _runBannerName ?? $"playbook run {_runsEnded + 1}";
        KeepRun(name, markerName is not null, passed);
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
        _plays.Add(new PlayInfo(_playIndex, RunIndex, name, line));
    }

    /// <summary>Ends the current play: every failure still waiting for a rescue was not rescued.</summary>
    public void EndPlay()
    {
        CloseCurrentTask();
        foreach (var host in _pendingRescue.Values)
        {
            host.PendingRescue = false;
            if (host.MayBeIgnored && !host.RescueCandidate)
            {
                host.RescueCandidate = true;
                _rescueCandidates.Add(host);
            }
        }
        _pendingRescue.Clear();
        _lastFailure = null;
        foreach (var task in _closed)
            CountFinalHosts(task);
        TryFlush();
    }

    public void BeginTask(string name, bool isHandler, long line, DateTime? start)
    {
        CloseCurrentTask();
        EnsurePlay(line);
        _current = new TaskState(name, isHandler, _playName, _playIndex, line, start);
        _taskCount++;
    }

    /// <summary>A banner at <paramref name="now"/>: the task being read lasted until then.</summary>
    public void Clock(DateTime? now)
    {
        if (_current is { Start: { } start } task && now is { } end)
            task.ClockSeconds = Math.Max(0, (end - start).TotalSeconds);
    }

    public HostState AddResult(ResultKind kind, string host, bool isItem, long line)
    {
        Settle();
        if (_current is null)
            BeginTask("(results without a TASK banner)", false, line, null);
        var task = _current!;
        host = Host(host, line);
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
        else if (host == OverflowHost)
            state.Folded++;
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

    /// <summary>Zuul prints an unreachable host as ERROR; its JSON says `"unreachable": true`.</summary>
    public void MarkUnreachable(HostState state)
    {
        if (!state.AnyFailed)
            return;
        state.AnyFailed = false;
        state.AnyUnreachable = true;
        state.PendingRescue = false;
        if (_pendingRescue.TryGetValue(state.Host, out var pending) && ReferenceEquals(pending, state))
            _pendingRescue.Remove(state.Host);
        if (ReferenceEquals(_lastFailure, state))
            _lastFailure = null;
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
    /// <param name="total">The run's time so far, the line's second figure.</param>
    public void TaskDuration(double seconds, double total)
    {
        ProfileTotal(total);
        if (_awaitingDuration is not null)
            _awaitingDuration.Duration = seconds;
        _awaitingDuration = null;
        TryFlush();
    }

    /// <summary>tripleo_profile_tasks' TIMING line, printed after each result: one host's time in a task.</summary>
    /// <param name="seconds">The host's time in the task being read; null when the line is another task's.</param>
    /// <param name="total">The run's time so far.</param>
    public void HostDuration(double? seconds, double total)
    {
        ProfileTotal(total);
        if (seconds is { } host && _current is { } task)
            task.Duration = Math.Max(task.Duration ?? 0, host);
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
        if (task.Hosts.Count == 0 && _silentTasks.Count < SilentTasksKept)
            _silentTasks.Add((task.PlayIndex, task.Line));
        foreach (var host in task.Hosts)
        {
            if (!_hostPlays.TryGetValue(host.Host, out var plays))
                _hostPlays[host.Host] = plays = [];
            plays.Add(task.PlayIndex);
        }
        _closed.Enqueue(task);
        _awaitingDuration = task;
        CountFinalHosts(task);
    }

    /// <summary>
    /// The first <paramref name="rescued"/> candidates of a host (all hosts when null) were rescued, the
    /// first <paramref name="ignored"/> of the rest that may have been ignored were; the rest failed.
    /// </summary>
    private void DecideRescues(string? host, int rescued, int ignored = 0)
    {
        foreach (var candidate in _rescueCandidates.Where(c => host is null || c.Host == host).ToList())
        {
            candidate.Rescued = rescued-- > 0;
            if (!candidate.Rescued && candidate.MayBeIgnored && ignored-- > 0)
                candidate.Ignored = true;
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
            if (!task.Unprinted && task.Seconds is { } seconds)
                NoteDuration(task, seconds);
            sink.OnTask(task.ToResult(), task.PlayIndex);
        }
    }
}
