using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

internal sealed partial class LogParser
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
    /// <summary>
    /// The last result line's host in the current task: the debug callback's STDOUT: blocks follow it.
    /// </summary>
    private HostState? _lastResult;
    /// <summary>A failure just printed: ansible 1.x put its `msg:` and `stderr:` on lines of their own.</summary>
    private HostState? _oldStyleFailure;

    // "TASK: [x]" is ansible 1.x; "LOOP [x]" and banners without stars are Zuul's console.
    [GeneratedRegex(@"^(PLAY|TASK|LOOP|RUNNING HANDLER|NOTIFIED):? \[(.*)\](?: \*+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BannerPattern();

    private bool TryBanner(in LogLine line, out LineClass lineClass)
    {
        lineClass = LineClass.Banner;
        var content = line.Content;
        if (content.Length > MaxPatternChars)
            return false;
        if (content.StartsWith("NO MORE HOSTS LEFT", StringComparison.Ordinal))
            return true;
        if (content.StartsWith("PLAYBOOK: ", StringComparison.Ordinal))
        {
            BannerSeen(line);
            _builder.SawPlaybookBanner();
            StartRun(content[10..].TrimEnd(' ', '*'), line.Number);
            return true;
        }
        if (content.StartsWith("PLAY RECAP", StringComparison.Ordinal))
        {
            BannerSeen(line);
            if (!_builder.RunOpen)
                StartRun(null, line.Number);
            CloseBefore(SectionKind.Play, inclusive: true);
            _builder.BeginRecap(line.Number);
            _inRecap = true;
            _runHadRecap = true;
            OpenSection(SectionKind.Recap, line.Number, "PLAY RECAP");
            return true;
        }
        if (content.StartsWith("GATHERING FACTS", StringComparison.Ordinal))
        {
            // ansible 1.x's banner for fact gathering, which it counts as a task.
            BeginTask(line, "Gathering Facts", "TASK [Gathering Facts]", isHandler: false);
            return true;
        }
        if (content[^1] != '*' && content[^1] != ']')
            return false;
        var match = BannerPattern().Match(content);
        if (!match.Success)
            return false;
        var name = match.Groups[2].Value;
        var word = match.Groups[1].Value;
        if (word == "PLAY")
        {
            BannerSeen(line);
            EnsureRunForPlay(line.Number);
            CloseBefore(SectionKind.Play, inclusive: true);
            _builder.BeginPlay(name, line.Number);
            OpenSection(SectionKind.Play, line.Number, $"PLAY [{name}]");
            return true;
        }
        var isHandler = word is "RUNNING HANDLER" or "NOTIFIED";
        BeginTask(line, name, $"{(isHandler ? "RUNNING HANDLER" : word)} [{name}]", isHandler);
        return true;
    }

    /// <summary>An outer banner: the task before it has ended, and the last output is no longer a recap.</summary>
    private void BannerSeen(in LogLine line)
    {
        _builder.Clock(line.Time);
        _builder.OutputAfterRecap();
        _lastResult = null;
    }

    private void BeginTask(in LogLine line, string name, string title, bool isHandler)
    {
        _denseTask = null;
        BannerSeen(line);
        if (!InSection(SectionKind.Play))
        {
            EnsureRunForPlay(line.Number);
            _builder.BeginPlay("(tasks without a PLAY banner)", line.Number);
            OpenSection(SectionKind.Play, line.Number, "PLAY");
        }
        CloseBefore(SectionKind.Task, inclusive: true);
        _builder.BeginTask(name, isHandler, line.Number, line.Time);
        OpenSection(SectionKind.Task, line.Number, title);
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
        if (host.Length == 0)
            return false;
        var rest = content.AsSpan(close + 1);
        if (rest.StartsWith(": UNREACHABLE!"))
            kind = ResultKind.Unreachable;
        else if (rest.StartsWith(": FAILED!"))
            kind = ResultKind.Failed;
        var isItem = rest.StartsWith(" => (item=") || rest.StartsWith(" (item=");
        lineClass = ClassOf(kind.Value);
        var state = AddResult(line, kind.Value, host, isItem);
        StartPayload(state, kind.Value, PayloadText(rest, isItem), lineClass);
        if (kind is ResultKind.Failed or ResultKind.Unreachable && _payload is null)
            _oldStyleFailure = state;
        return true;
    }

    private HostState AddResult(in LogLine line, ResultKind kind, string host, bool isItem)
    {
        if (_sections.Count > 0 && _sections[^1].Kind != SectionKind.Task && !InSection(SectionKind.Play))
            EnsureRunForPlay(line.Number);
        _builder.OutputAfterRecap();
        var state = _builder.AddResult(kind, host, isItem, line.Number);
        _lastResult = state;
        return state;
    }

    private static LineClass ClassOf(ResultKind kind) => kind switch
    {
        ResultKind.Ok => LineClass.Ok,
        ResultKind.Changed => LineClass.Changed,
        ResultKind.Skipping => LineClass.Skipped,
        _ => LineClass.Error,
    };

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

    /// <summary>What follows `=> ` (or `(item=...) => `): null when the result has no payload.</summary>
    private static string? PayloadText(ReadOnlySpan<char> rest, bool isItem)
    {
        if (isItem)
        {
            // The item ends at the first ") =>"; an item's own text rarely holds one.
            var item = rest.IndexOf("(item=");
            var end = rest[item..].IndexOf(") =>");
            var skip = 4;
            if (end < 0)
            {
                end = rest[item..].IndexOf(")=>");
                skip = 3;
            }
            return end < 0 ? null : rest[(item + end + skip)..].Trim().ToString();
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
                AddResult(line, ResultKind.Ok, host.ToString(), isItem: false).Includes++;
        }
        return true;
    }

    private void StartPayload(HostState state, ResultKind kind, string? text, LineClass lineClass)
    {
        if (text is null)
            return;
        var keep = kind is ResultKind.Failed or ResultKind.Unreachable or ResultKind.Skipping;
        var json = text is "{";
        // A one-line JSON result is whole; anything else ("", "{", or YAML's "changed=false" with the
        // rest indented below it) may go on over the indented lines that follow.
        if (!json && text.Length > 0 && text[0] is '{' or '[' or '"')
        {
            if (keep)
                ResultPayload.Attach(state, text, kind == ResultKind.Skipping);
            return;
        }
        var builder = keep ? new StringBuilder(text) : null;
        if (builder is not null && text.Length > 0)
            builder.Append('\n');
        _payload = new Payload(keep ? state : null, json, lineClass) { Text = builder };
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
        if (payload.Target is { } target && payload.Text is { } text && text.Length > 0)
            ResultPayload.Attach(target, text.ToString().TrimEnd('\n'),
                onlyMessage: !target.AnyFailed && !target.AnyUnreachable);
        if (payload.Target is { } failed && (failed.AnyFailed || failed.AnyUnreachable))
            _oldStyleFailure = failed;
    }

    /// <summary>ansible 1.x: `msg: ...`, `stderr: ...`, `stdout: ...` lines after a failure.</summary>
    private bool TryOldStyleDetail(string content)
    {
        var colon = content.IndexOf(": ", StringComparison.Ordinal);
        if (colon is not (3 or 6) || content[..colon] is not ("msg" or "stderr" or "stdout"))
            return false;
        ResultPayload.AttachField(_oldStyleFailure!, content[..colon], content[(colon + 2)..]);
        return true;
    }
}
