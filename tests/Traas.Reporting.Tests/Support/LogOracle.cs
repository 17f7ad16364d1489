using System.Globalization;
using System.Text.RegularExpressions;
using Traas.Reporting.Model;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// What a log says about itself, read independently of the parser with plain patterns: its PLAY
/// RECAP rows at the margin (summed per host over appended runs), the verdict the issue's order
/// gives, and profile_tasks' totals. The tests hold the report to it.
/// </summary>
internal sealed partial class LogOracle
{
    public sealed record RecapSum(int Ok, int Changed, int Unreachable, int Failed, int? Skipped);

    public Dictionary<string, RecapSum> Recap { get; } = new(StringComparer.Ordinal);
    public JobOutcome Outcome { get; private set; } = JobOutcome.Unfinished;
    public OutcomeSource Source { get; private set; } = OutcomeSource.None;
    public List<double> ProfileRunTotals { get; } = [];

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?Z? \|(?: |$)")]
    private static partial Regex ZuulPrefix();

    [GeneratedRegex(@"^([A-Za-z0-9][\w.:-]*[\w.-])(?: -> [\w.:-]+)? \|(?: |$)")]
    private static partial Regex HostColumn();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ p=\d+ u=\S+(?: n=\S+)?(?: [A-Z]+)?\s*\|\s*")]
    private static partial Regex LogPathPrefix();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \d+ [A-Z]+ \S+ \[[^\]]*\] ")]
    private static partial Regex OsloPrefix();

    [GeneratedRegex(@"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)(?:\s+skipped=(\d+))?")]
    private static partial Regex Row();

    [GeneratedRegex(@"^ok: (\d+) changed: (\d+) unreachable: (\d+) failed: (\d+)(?: skipped: (\d+))?")]
    private static partial Regex ZuulRow();

    [GeneratedRegex(@"^(?:\[Zuul\] Job complete, result|Finished): ([A-Z_]+)$")]
    private static partial Regex CiEnd();

    [GeneratedRegex(@"^(PRE-RUN|RUN|POST-RUN|CLEANUP(?:-RUN)?) (?:START|END RESULT_([A-Z_]+)): ")]
    private static partial Regex ZuulPhase();

    [GeneratedRegex(@"^(?:PLAY \[|TASK:? \[|LOOP \[|RUNNING HANDLER \[|PLAYBOOK: |GATHERING FACTS|(?:ok|changed|skipping|failed|fatal): \[)")]
    private static partial Regex AnsibleOutput();

    [GeneratedRegex(@"\((\d+):(\d\d):(\d\d(?:\.\d+)?)\)\s+(\d+):(\d\d):(\d\d(?:\.\d+)?) \*+$")]
    private static partial Regex ProfileLine();

    public static LogOracle Read(string path)
    {
        var oracle = new LogOracle();
        oracle.ReadLines(File.ReadLines(path));
        return oracle;
    }

    private void ReadLines(IEnumerable<string> lines)
    {
        bool inRecap = false, recapLast = false, lastRecapFailing = false;
        int lastRecapRows = 0;
        double? runTotal = null;
        bool ciFailed = false, ciPassed = false;
        // Zuul v3, as its executor decides: a phase failed when its END is not NORMAL or its recap has a
        // failing row; pre-run, then run decide; post-run turns only a passed run into POST_FAILURE (passed).
        bool phaseFailing = false, zuulDecided = false;
        JobOutcome? zuul = null;
        foreach (var raw in lines)
        {
            var (text, host) = Clean(raw);
            if (inRecap && ReadRow(text, host) is { } failing)
            {
                lastRecapRows++;
                lastRecapFailing |= failing;
                phaseFailing |= failing;
                continue;
            }
            inRecap = false;
            if (host is null && text.StartsWith("PLAY RECAP", StringComparison.Ordinal))
            {
                (inRecap, recapLast, lastRecapFailing, lastRecapRows) = (true, true, false, 0);
                continue;
            }
            if (host is null && AnsibleOutput().IsMatch(text))
                recapLast = false;
            if (host is null && CiEnd().Match(text) is { Success: true } ci)
            {
                ciFailed |= ci.Groups[1].Value != "SUCCESS";
                ciPassed |= ci.Groups[1].Value == "SUCCESS";
            }
            if (host is null && ZuulPhase().Match(text) is { Success: true } phase)
            {
                // A START, or an END after the result was decided, decides nothing.
                var deciding = phase.Groups[2].Success && !zuulDecided;
                var failed = phaseFailing || (phase.Groups[2].Success && phase.Groups[2].Value != "NORMAL");
                if (deciding && phase.Groups[1].Value == "RUN")
                {
                    zuul = !failed ? JobOutcome.Passed
                        : phase.Groups[2].Value is "TIMED_OUT" or "ABORTED" ? JobOutcome.Unfinished : JobOutcome.Failed;
                    zuulDecided = failed;
                }
                else if (deciding && failed && phase.Groups[1].Value is "PRE-RUN" or "POST-RUN")
                {
                    zuul = zuul == JobOutcome.Passed ? JobOutcome.Passed : JobOutcome.Failed;
                    zuulDecided = true;
                }
                phaseFailing = false;
            }
            if (ProfileLine().Match(text) is { Success: true } profile)
            {
                var total = Seconds(profile, 4);
                if (runTotal is { } run && total < run)
                    ProfileRunTotals.Add(run);
                runTotal = total;
            }
        }
        if (runTotal is { } last)
            ProfileRunTotals.Add(last);
        if (ciFailed)
            (Outcome, Source) = (JobOutcome.Failed, OutcomeSource.CiEndLine);
        else if (ciPassed)
            (Outcome, Source) = (JobOutcome.Passed, OutcomeSource.CiEndLine);
        else if (zuul is { } result)
            (Outcome, Source) = (result, OutcomeSource.CiEndLine);
        else if (recapLast && lastRecapRows > 0)
            (Outcome, Source) = (lastRecapFailing ? JobOutcome.Failed : JobOutcome.Passed, OutcomeSource.PlayRecap);
    }

    /// <returns>Whether the row has failed or unreachable results; null when the line is not a row.</returns>
    private bool? ReadRow(string text, string? host)
    {
        var row = host is null ? Row().Match(text) : ZuulRow().Match(text);
        if (!row.Success)
            return null;
        var offset = host is null ? 1 : 0;
        int Count(int group) => int.Parse(row.Groups[group + offset].Value, CultureInfo.InvariantCulture);
        var name = host ?? row.Groups[1].Value;
        int? skipped = row.Groups[5 + offset].Success ? Count(5) : null;
        var known = Recap.GetValueOrDefault(name);
        Recap[name] = new RecapSum((known?.Ok ?? 0) + Count(1), (known?.Changed ?? 0) + Count(2),
            (known?.Unreachable ?? 0) + Count(3), (known?.Failed ?? 0) + Count(4),
            skipped is null ? known?.Skipped : (known?.Skipped ?? 0) + skipped);
        return Count(3) > 0 || Count(4) > 0;
    }

    private static (string Text, string? Host) Clean(string raw)
    {
        var text = raw.Contains('\x1b') ? Ansi().Replace(raw, "") : raw;
        string? host = null;
        if (ZuulPrefix().Match(text) is { Success: true } zuul)
        {
            text = text[zuul.Length..];
            if (HostColumn().Match(text) is { Success: true } column)
                (host, text) = (column.Groups[1].Value, text[column.Length..]);
        }
        else if (LogPathPrefix().Match(text) is { Success: true } logPath)
            text = text[logPath.Length..];
        else if (OsloPrefix().Match(text) is { Success: true } oslo)
            text = text[oslo.Length..];
        text = text.TrimEnd();
        if (text.EndsWith('\\'))
            text = text[..^1].TrimEnd();
        return (text, host);
    }

    private static double Seconds(Match match, int group) =>
        int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * 3600
        + int.Parse(match.Groups[group + 1].Value, CultureInfo.InvariantCulture) * 60
        + double.Parse(match.Groups[group + 2].Value, CultureInfo.InvariantCulture);
}
