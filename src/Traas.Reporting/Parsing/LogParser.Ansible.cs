using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Traas.Reporting.Input;
using Traas.Reporting.Model;

namespace Traas.Reporting.Parsing;

public sealed partial class LogParser
{
    private sealed class Payload(HostState? target, bool json, LineClass lineClass)
    {
        public HostState? Target { get; } = target;
        public bool Json { get; } = json;
        public LineClass LineClass { get; } = lineClass;
        public StringBuilder? Text { get; init; }
    }

    private Payload? _payload;
    private LineClass _lastPayloadClass;
    private bool _inRecap;

    [GeneratedRegex(@"^(PLAY|TASK|RUNNING HANDLER) \[(.*)\](?: \*+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex BannerPattern();

    [GeneratedRegex(@"^(\S.*?)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)(?:\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RecapRowPattern();

    private bool TryBanner(in LogLine line, out LineClass lineClass)
    {
        lineClass = LineClass.Banner;
        var content = line.Content;
        if (content.StartsWith("PLAYBOOK: ", StringComparison.Ordinal))
        {
            _builder.SawPlaybookBanner();
            StartRun(content[10..].TrimEnd(' ', '*'), line.Number);
            return true;
        }
        if (content.StartsWith("PLAY RECAP", StringComparison.Ordinal))
        {
            if (!_builder.RunOpen)
                StartRun(null, line.Number);
            CloseBefore(SectionKind.Play, inclusive: true);
            _builder.BeginRecap(line.Number);
            _inRecap = true;
            _runHadRecap = true;
            OpenSection(SectionKind.Recap, line.Number, "PLAY RECAP");
            return true;
        }
        if (content[^1] != '*' && content[^1] != ']' && content[^1] != ' ')
            return false;
        var match = BannerPattern().Match(content);
        if (!match.Success)
            return false;
        var name = match.Groups[2].Value;
        if (match.Groups[1].ValueSpan is "PLAY")
        {
            EnsureRunForPlay(line.Number);
            CloseBefore(SectionKind.Play, inclusive: true);
            _builder.BeginPlay(name, line.Number);
            OpenSection(SectionKind.Play, line.Number, $"PLAY [{name}]");
            return true;
        }
        var isHandler = match.Groups[1].ValueSpan is "RUNNING HANDLER";
        if (!InSection(SectionKind.Play))
        {
            EnsureRunForPlay(line.Number);
            _builder.BeginPlay("(tasks without a PLAY banner)", line.Number);
            OpenSection(SectionKind.Play, line.Number, "PLAY");
        }
        CloseBefore(SectionKind.Task, inclusive: true);
        _builder.BeginTask(name, isHandler, line.Number);
        OpenSection(SectionKind.Task, line.Number, $"{match.Groups[1].Value} [{name}]");
        return true;
    }

    private bool TryResult(in LogLine line, out LineClass lineClass)
    {
        lineClass = LineClass.Plain;
        var content = line.Content;
        var kind = ResultKindOf(content, out var open);
        if (kind is null)
            return content.StartsWith("included: ", StringComparison.Ordinal) && Included(line, out lineClass);
        var close = content.IndexOf(']', open);
        if (close < 0)
            return false;
        var host = content[open..close];
        var arrow = host.IndexOf(" -> ", StringComparison.Ordinal);
        if (arrow >= 0)
            host = host[..arrow];
        var rest = content.AsSpan(close + 1);
        if (rest.StartsWith(": UNREACHABLE!"))
            kind = ResultKind.Unreachable;
        else if (rest.StartsWith(": FAILED!"))
            kind = ResultKind.Failed;
        var isItem = rest.StartsWith(" => (item=") || rest.StartsWith(" (item=");
        if (_sections.Count > 0 && _sections[^1].Kind != SectionKind.Task && !InSection(SectionKind.Play))
            EnsureRunForPlay(line.Number);
        var state = _builder.AddResult(kind.Value, host, isItem, line.Number);
        lineClass = kind switch
        {
            ResultKind.Ok => LineClass.Ok,
            ResultKind.Changed => LineClass.Changed,
            ResultKind.Skipping => LineClass.Skipped,
            _ => LineClass.Error,
        };
        StartPayload(state, kind.Value, PayloadText(rest, isItem), lineClass);
        return true;
    }

    private static ResultKind? ResultKindOf(string content, out int hostStart)
    {
        (ResultKind? kind, hostStart) = content switch
        {
            _ when content.StartsWith("ok: [", StringComparison.Ordinal) => (ResultKind.Ok, 5),
            _ when content.StartsWith("changed: [", StringComparison.Ordinal) => (ResultKind.Changed, 10),
            _ when content.StartsWith("skipping: [", StringComparison.Ordinal) => (ResultKind.Skipping, 11),
            _ when content.StartsWith("failed: [", StringComparison.Ordinal) => (ResultKind.Failed, 9),
            _ when content.StartsWith("fatal: [", StringComparison.Ordinal) => (ResultKind.Failed, 8),
            _ => ((ResultKind?)null, 0),
        };
        return kind;
    }

    [GeneratedRegex(@"^\s*(?:=>\s*)?\(item=.*?\)\s*=>\s?(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPayloadPattern();

    /// <summary>What follows `=> ` (or `(item=...) => `): null when the result has no payload.</summary>
    private static string? PayloadText(ReadOnlySpan<char> rest, bool isItem)
    {
        if (isItem)
        {
            var match = ItemPayloadPattern().Match(rest.ToString());
            return match.Success ? match.Groups[1].Value.Trim() : null;
        }
        var arrow = rest.IndexOf(" =>");
        if (arrow < 0)
            return null;
        return rest[(arrow + 3)..].Trim().ToString();
    }

    private bool Included(in LogLine line, out LineClass lineClass)
    {
        lineClass = LineClass.Ok;
        var content = line.Content;
        var forAt = content.LastIndexOf(" for ", StringComparison.Ordinal);
        if (forAt < 0)
            return false;
        var hosts = content.AsSpan(forAt + 5);
        var arrow = hosts.IndexOf(" =>");
        if (arrow >= 0)
            hosts = hosts[..arrow];
        foreach (var range in hosts.Split(','))
        {
            var host = hosts[range].Trim();
            if (!host.IsEmpty)
                _builder.AddResult(ResultKind.Ok, host.ToString(), isItem: false, line.Number).Includes++;
        }
        return true;
    }

    private void StartPayload(HostState state, ResultKind kind, string? text, LineClass lineClass)
    {
        if (text is null)
            return;
        var keep = kind is ResultKind.Failed or ResultKind.Unreachable or ResultKind.Skipping;
        if (text is "{" or "")
        {
            var builder = keep ? new StringBuilder(text) : null;
            if (builder is not null && text.Length > 0)
                builder.Append('\n');
            _payload = new Payload(keep ? state : null, json: text == "{", lineClass) { Text = builder };
            return;
        }
        if (keep)
            ResultPayload.Attach(state, text, kind == ResultKind.Skipping);
    }

    /// <returns>False when the line is not part of the multi-line payload.</returns>
    private bool ContinuePayload(string content)
    {
        var payload = _payload!;
        var isClose = payload.Json && content == "}";
        if (!isClose && (content.Length == 0 || (content[0] != ' ' && content[0] != '\t')))
            return false;
        if (payload.Text is { } text && text.Length < ReportLimits.ResultBodyChars)
            text.Append(content).Append('\n');
        if (isClose)
            FinishPayload();
        return true;
    }

    private void FinishPayload()
    {
        if (_payload is null)
            return;
        var payload = _payload;
        _lastPayloadClass = payload.LineClass;
        _payload = null;
        if (payload.Target is { } target && payload.Text is { } text)
            ResultPayload.Attach(target, text.ToString().TrimEnd('\n'), onlyMessage: !target.AnyFailed && !target.AnyUnreachable);
    }

    private bool TryRecapRow(in LogLine line, out LineClass lineClass)
    {
        lineClass = LineClass.Plain;
        var content = line.Content;
        var match = RecapRowPattern().Match(content);
        if (!match.Success)
        {
            _inRecap = false;
            return false;
        }
        int Count(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var extended = match.Groups[6].Success;
        var counts = new HostCounts(Count(2), Count(3), Count(4), Count(5), Count(6), Count(7), Count(8));
        _builder.RecapRow(new RecapRow(match.Groups[1].Value.Trim(), counts, extended, line.Number), _builder.CurrentRunName);
        var failing = counts.Failed > 0 || counts.Unreachable > 0;
        if (failing)
            MarkSectionFailed();
        lineClass = failing ? LineClass.Error : LineClass.Ok;
        return true;
    }
}
