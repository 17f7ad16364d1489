namespace Traas.Reporting.Parsing;

/// <summary>
/// What is kept per host and per playbook run is bounded: a log names as many hosts as it likes (one
/// `included: x for h1,h2,...` line of 8 MiB names a million) and ends as many runs. Past
/// <see cref="ReportLimits.HostsKept"/> hosts, every other host is one, <see cref="OverflowHost"/>; past
/// <see cref="ReportLimits.RunsKept"/> runs, the last one kept holds all the runs after it. Each says so once.
/// </summary>
internal sealed partial class ReportBuilder
{
    internal static readonly string OverflowHost = $"(hosts past the first {ReportLimits.HostsKept})";
    internal static readonly string OverflowRun = $"(playbook runs past the first {ReportLimits.RunsKept - 1})";

    private readonly HashSet<string> _hosts = new(StringComparer.Ordinal);
    private bool _hostsOverflowed;
    private int _runsEnded;
    private Dictionary<string, HostCounts>? _foldedHosts;
    private Dictionary<string, HostCounts>? _foldedRecap;

    /// <summary>The run the current one is kept as.</summary>
    private int RunIndex => Math.Min(_runs.Count, ReportLimits.RunsKept - 1);

    /// <summary>The host as the report keeps it: itself, or past the first ones, the one for them all.</summary>
    private string Host(string host, long? line)
    {
        if (_hosts.Contains(host) || host == OverflowHost)
            return host;
        if (_hosts.Count < ReportLimits.HostsKept)
        {
            _hosts.Add(host);
            return host;
        }
        if (!_hostsOverflowed)
        {
            _hostsOverflowed = true;
            var where = line is { } at ? $" (line {at})" : "";
            Warn(line, $"the log names more than {ReportLimits.HostsKept} hosts: {host}{where} and every host after it "
                + $"are counted as one, {OverflowHost}: a task's results for them are one testcase, and their PLAY "
                + "RECAP rows are summed, not reconciled");
        }
        return OverflowHost;
    }

    /// <summary>One host's results in a task, times the hosts <see cref="OverflowHost"/> stands for in it.</summary>
    private static HostCounts Folded(HostCounts counts, int hosts) => hosts <= 1 ? counts : new HostCounts(
        counts.Ok * hosts, counts.Changed * hosts, counts.Unreachable * hosts, counts.Failed * hosts,
        counts.Skipped * hosts, counts.Rescued * hosts, counts.Ignored * hosts);

    private void KeepRun(string name, bool hasMarker, bool? passed)
    {
        _runsEnded++;
        if (_runs.Count < ReportLimits.RunsKept - 1)
        {
            _runs.Add(new PlaybookRun(_runs.Count, name, hasMarker, passed, _runLine,
                new Dictionary<string, HostCounts>(_runCounts, StringComparer.Ordinal),
                _runRecap.Count > 0 ? new Dictionary<string, HostCounts>(_runRecap, StringComparer.Ordinal) : null));
            return;
        }
        if (_foldedHosts is null)
        {
            Warn(_runLine, $"the log has more than {ReportLimits.RunsKept - 1} playbook runs: {name} (line {_runLine}) "
                + $"and every run after it are reported as one, {OverflowRun}");
            _foldedHosts = new Dictionary<string, HostCounts>(StringComparer.Ordinal);
            _runs.Add(new PlaybookRun(_runs.Count, OverflowRun, false, null, _runLine, _foldedHosts, null));
        }
        Sum(_foldedHosts, _runCounts);
        if (_runRecap.Count > 0)
            Sum(_foldedRecap ??= new Dictionary<string, HostCounts>(StringComparer.Ordinal), _runRecap);
        var folded = _runs[^1];
        _runs[^1] = folded with
        {
            HasMarker = folded.HasMarker || hasMarker,
            MarkerPassed = hasMarker ? passed : folded.MarkerPassed,
            Recap = _foldedRecap,
        };
    }

    private static void Sum(Dictionary<string, HostCounts> into, Dictionary<string, HostCounts> counts)
    {
        foreach (var (host, c) in counts)
            into[host] = into.GetValueOrDefault(host, HostCounts.Zero).Plus(c);
    }
}
