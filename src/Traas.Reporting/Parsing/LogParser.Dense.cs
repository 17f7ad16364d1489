using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// tripleo-ansible's tripleo_dense stdout callback and tripleo_profile_tasks (<see cref="DenseLine"/>):
/// each result names its task's id, its task and its host, so a result is its task's even when the
/// tripleo_free strategy has printed another task's line since. PLAY banners and the PLAY RECAP are
/// the default callback's own, read as ever.
/// </summary>
internal sealed partial class LogParser
{
    private const int DenseHandlersKept = 10_000;
    private const string DenseSeparator = " | ";

    /// <summary>The id of the task being read, when a tripleo_dense line began it.</summary>
    private string? _denseTask;
    private readonly HashSet<string> _denseHandlers = new(StringComparer.Ordinal);

    private LineClass Dense(in LogLine line, DenseLine dense)
    {
        FinishPayload();
        _oldStyleFailure = null;
        _inRecap = false;
        _inProfileTable = false;
        _lastWasProfileTime = false;
        return dense.State switch
        {
            DenseState.Task or DenseState.Cleanup => DenseTask(line, dense, isHandler: false),
            DenseState.Handler => DenseTask(line, dense, isHandler: true),
            DenseState.Ok => DenseResult(line, dense, ResultKind.Ok),
            DenseState.Changed => DenseResult(line, dense, ResultKind.Changed),
            DenseState.Skipped => DenseResult(line, dense, ResultKind.Skipping),
            DenseState.Fatal => DenseResult(line, dense, ResultKind.Failed),
            DenseState.Ignored => DenseResult(line, dense, ResultKind.Failed, ignored: true),
            DenseState.Unreachable => DenseResult(line, dense, ResultKind.Unreachable),
            DenseState.Included => DenseIncluded(line, dense.Rest),
            DenseState.Retry or DenseState.Waiting => DenseRetry(dense.Rest),
            DenseState.Warning or DenseState.Deprecated => DenseWarning(),
            DenseState.Start => DenseStart(dense),
            DenseState.Timing => DenseTiming(dense),
            _ => DenseSummary(line, dense.Rest),
        };
    }

    /// <summary>tripleo_dense `_task_line`: `uuid |       TASK | name` (HANDLER, CLEANUP).</summary>
    private LineClass DenseTask(in LogLine line, DenseLine dense, bool isHandler)
    {
        // A name longer than any banner's is not taken for one, as TryBanner takes none.
        if (dense.Rest.Length > MaxPatternChars)
            return LineClass.Plain;
        // Under the free strategy each host that starts the task prints its line.
        if (dense.Uuid.Length > 0 && dense.Uuid == _denseTask)
            return LineClass.Banner;
        if (isHandler && _denseHandlers.Count < DenseHandlersKept)
            _denseHandlers.Add(dense.Uuid);
        BeginDenseTask(line, dense.Uuid, dense.Rest, isHandler);
        return LineClass.Banner;
    }

    private void BeginDenseTask(in LogLine line, string uuid, string name, bool isHandler)
    {
        BeginTask(line, name, $"{(isHandler ? "RUNNING HANDLER" : "TASK")} [{name}]", isHandler);
        _denseTask = uuid;
    }

    /// <summary>
    /// tripleo_dense `_get_item_line` (OK, CHANGED), `v2_runner_on_failed` (FATAL, IGNORED),
    /// `v2_runner_item_on_failed`, `v2_runner_on_skipped`, `v2_runner_item_on_skipped`,
    /// `v2_runner_on_unreachable`: `name | host[ -> delegate][ | item=label][ | error=json|result=json]`.
    /// </summary>
    private LineClass DenseResult(in LogLine line, DenseLine dense, ResultKind kind, bool ignored = false)
    {
        if (DenseResultColumns(dense.Rest) is not { } columns)
            return LineClass.Plain;
        if (dense.Uuid.Length > 0 && dense.Uuid != _denseTask && columns.Task.Length <= MaxPatternChars)
            BeginDenseTask(line, dense.Uuid, columns.Task, _denseHandlers.Contains(dense.Uuid));
        var lineClass = ignored ? LineClass.Warning : ClassOf(kind);
        var state = AddResult(line, kind, columns.Host, columns.Item is not null);
        state.MayBeIgnored |= kind == ResultKind.Failed && columns.Item is not null && !ignored;
        if (columns.Payload is { } payload)
            StartPayload(state, kind, payload, lineClass);
        if (ignored)
            _builder.Ignoring();
        return lineClass;
    }

    private readonly record struct DenseColumns(string Task, string Host, string? Item, string? Payload);

    private static DenseColumns? DenseResultColumns(string rest)
    {
        var fields = rest.AsSpan();
        // The result is JSON (`_dump_results`) and may hold " | " itself: it is cut off first.
        string? payload = null;
        var payloadAt = fields.IndexOf(" | error=");
        if (payloadAt < 0)
            payloadAt = fields.IndexOf(" | result=");
        if (payloadAt >= 0)
        {
            payload = rest[(rest.IndexOf('=', payloadAt) + 1)..];
            fields = fields[..payloadAt];
        }
        string? item = null;
        var itemAt = fields.IndexOf(" | item=");
        if (itemAt >= 0)
        {
            item = fields[(itemAt + 8)..].ToString();
            fields = fields[..itemAt];
        }
        // A host name holds no " | "; a task name may.
        var hostAt = fields.LastIndexOf(DenseSeparator);
        if (hostAt < 0)
            return null;
        var host = Delegator(fields[(hostAt + DenseSeparator.Length)..]);
        return host.Length == 0 ? null : new DenseColumns(fields[..hostAt].ToString(), host, item, payload);
    }

    /// <summary>`host -> delegate` (`_get_host`): the result is the host's.</summary>
    private static string Delegator(ReadOnlySpan<char> host)
    {
        var arrow = host.IndexOf(" -> ");
        return (arrow >= 0 ? host[..arrow] : host).Trim(' ').ToString();
    }

    /// <summary>
    /// tripleo_dense `v2_playbook_on_include`: `uuid4 |   INCLUDED | file | host`, one line per host.
    /// It comes after the include task's own lines and counts as an ok of that task, as `included:` does.
    /// </summary>
    private LineClass DenseIncluded(in LogLine line, string rest)
    {
        var hostAt = rest.LastIndexOf(DenseSeparator, StringComparison.Ordinal);
        if (hostAt < 0)
            return LineClass.Plain;
        var host = Delegator(rest.AsSpan(hostAt + DenseSeparator.Length));
        if (host.Length > 0)
            AddResult(line, ResultKind.Ok, host, isItem: false).Includes++;
        return LineClass.Ok;
    }

    /// <summary>tripleo_dense `v2_runner_retry`: `name | host | N retries left` (WAITING for async_status).</summary>
    private LineClass DenseRetry(string rest)
    {
        var last = rest.LastIndexOf(DenseSeparator, StringComparison.Ordinal);
        var hostAt = last > 0 ? rest.LastIndexOf(DenseSeparator, last - 1, StringComparison.Ordinal) : -1;
        string? host = null;
        if (hostAt >= 0)
            host = Delegator(rest.AsSpan(hostAt + DenseSeparator.Length, last - hostAt - DenseSeparator.Length));
        _builder.Retrying(host is { Length: > 0 } ? host : null);
        return LineClass.Warning;
    }

    /// <summary>tripleo_dense `_handle_warnings`: a result's warnings and deprecations, blank id.</summary>
    private LineClass DenseWarning()
    {
        _builder.AnsibleWarning();
        return LineClass.Warning;
    }

    /// <summary>tripleo_dense `v2_runner_on_start` (only with show_per_host_start): `name | host`.</summary>
    private LineClass DenseStart(DenseLine dense)
    {
        var hostAt = dense.Rest.LastIndexOf(DenseSeparator, StringComparison.Ordinal);
        if (hostAt >= 0 && dense.Uuid == _denseTask)
            _builder.HostOutput(Delegator(dense.Rest.AsSpan(hostAt + DenseSeparator.Length)));
        return LineClass.Plain;
    }

    /// <summary>
    /// tripleo_profile_tasks `_end_task`: `name | host | elapsed | 1.23s`, after each result: the
    /// host's time in the task (a task lasts as long as its slowest host) and the run's time so far.
    /// </summary>
    private LineClass DenseTiming(DenseLine dense)
    {
        var rest = dense.Rest;
        var last = rest.LastIndexOf(DenseSeparator, StringComparison.Ordinal);
        var elapsedAt = last > 0 ? rest.LastIndexOf(DenseSeparator, last - 1, StringComparison.Ordinal) : -1;
        if (elapsedAt < 0)
            return LineClass.Plain;
        var elapsedText = rest.AsSpan(elapsedAt + DenseSeparator.Length, last - elapsedAt - DenseSeparator.Length);
        if (!DenseLine.TrySeconds(rest.AsSpan(last + DenseSeparator.Length), out var seconds)
            || !DenseLine.TryElapsed(elapsedText, out var elapsed))
            return LineClass.Plain;
        _builder.HostDuration(dense.Uuid.Length > 0 && dense.Uuid == _denseTask ? seconds : null, elapsed);
        return LineClass.Plain;
    }

    /// <summary>
    /// tripleo_profile_tasks `playbook_on_stats`: `uuid |    SUMMARY |       host | name | 1.23s`, the
    /// slowest (host, task) pairs after the recap.
    /// </summary>
    private LineClass DenseSummary(in LogLine line, string rest)
    {
        var last = rest.LastIndexOf(DenseSeparator, StringComparison.Ordinal);
        var taskAt = rest.IndexOf(DenseSeparator, StringComparison.Ordinal);
        if (taskAt >= 0 && last > taskAt
            && DenseLine.TrySeconds(rest.AsSpan(last + DenseSeparator.Length), out var seconds))
            _builder.ProfileTableRow(rest[(taskAt + DenseSeparator.Length)..last], seconds, line.Number);
        return LineClass.Plain;
    }
}
