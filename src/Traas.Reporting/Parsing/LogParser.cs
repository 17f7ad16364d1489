using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// Reads the log one line at a time: bash xtrace, ansible-playbook output (plain, log_path,
/// python-logging and Zuul forms, tripleo_dense), profile_tasks, tripleo-ci markers, CI end lines and
/// test runner output. Keeps no line after it has passed it on.
/// </summary>
internal sealed partial class LogParser
{
    /// <summary>Longest text a pattern is tried on: banners, recap rows and markers are short lines.</summary>
    internal const int MaxPatternChars = 4096;

    private readonly ReportBuilder _builder;
    private readonly ILogObserver _observer;
    private readonly ErrorLines _errors = new();
    private readonly List<Section> _sections = [];
    private long _lastLine;
    private bool _xtraceQuoteOpen;
    private bool _closeRunAfterLine;
    private string? _closingRunName;

    public LogParser(ILogObserver observer, ICaseSink sink)
    {
        _observer = observer;
        _builder = new ReportBuilder(sink);
    }

    public void Feed(in LogLine line)
    {
        _lastLine = line.Number;
        var lineClass = line.IsContinuation ? LineClass.Plain : Classify(line);
        if (!line.IsContinuation)
            ObservePytest(line);
        if (_exitMarker is { } exit && exit.Line != line.Number && line.Content.Length > 0)
            _exitMarker = null;
        if (_sections.Count == 0)
            OpenSection(SectionKind.Shell, line.Number, line.Content);
        // One scan of a plain line finds both its highlight and whether it is an error line.
        var shown = _errors.Observe(line, lineClass);
        _observer.OnLine(line, shown);
        if (_closeRunAfterLine)
        {
            _closeRunAfterLine = false;
            CloseSectionsTo(SectionKind.Playbook, inclusive: true, _closingRunName);
        }
    }

    public JobReport Complete(long bytes)
    {
        FinishDebugBlock();
        FinishZuulPayload();
        FinishPayload();
        FinishTraceFailures();
        FinishTestBlock();
        FinishPytestBlock();
        FinishTempestTotals();
        if (_exitMarker is { } exit)
            _builder.ExitMarker(exit.Code, exit.Line);
        var runName = _builder.RunOpen ? _builder.CurrentRunName : null;
        var report = _builder.Complete(_lastLine, bytes) with { ErrorLines = _errors.Best(), LogTail = _errors.Tail() };
        CloseSectionsTo(SectionKind.Shell, inclusive: true, runName);
        return report;
    }

    private LineClass Classify(in LogLine line)
    {
        var content = line.Content;
        if (_xtraceQuoteOpen)
        {
            _xtraceQuoteOpen = XtraceCommand.EndsInsideQuotes(content, open: true);
            return LineClass.Xtrace;
        }
        if (_debugBlock is not null && ContinueDebugBlock(line))
            return LineClass.Plain;
        if (line.Host is not null)
            return ZuulHostLine(line);
        FinishZuulPayload();
        if (DenseLine.TryRead(content, out var dense))
            return Dense(line, dense);
        if (_payload is not null)
        {
            if (ContinuePayload(content))
                return _payload?.LineClass ?? _lastPayloadClass;
            FinishPayload();
        }
        if (_oldStyleFailure is not null && TryOldStyleDetail(content))
            return LineClass.Error;
        _oldStyleFailure = null;
        if ((_trace is not null || _inTraceFailures) && ContinueTrace(line))
            return LineClass.Plain;
        if (_inRecap && TryRecapRow(line, out var recapClass))
            return recapClass;
        if (_inTempestTotals && TryTempestTotals(content))
            return LineClass.Marker;
        if (_inProfileTable && TryProfileTableRow(line))
            return LineClass.Plain;
        if (_testBlock is not null && ContinueTestBlock(line))
            return LineClass.Plain;
        if (content.Length == 0)
            return LineClass.Plain;
        return content[0] switch
        {
            '+' => Xtrace(line),
            'P' or 'T' or 'R' or 'L' or 'N' or 'G' when TryBanner(line, out var bannerClass) => bannerClass,
            'o' or 'c' or 's' or 'f' or 'i' when TryResult(line, out var resultClass) => resultClass,
            '.' when content.StartsWith("...ignoring", StringComparison.Ordinal) => Ignoring(),
            'F' when content.StartsWith("FAILED - RETRYING", StringComparison.Ordinal) => Retrying(content),
            '[' or ' ' when IsAnsibleWarning(content) => LineClass.Warning,
            '{' when TryTempestTest(line) is { } tempestClass => tempestClass,
            '=' when _lastWasProfileTime && content.AsSpan().Trim('=').IsEmpty => StartProfileTable(),
            'S' or 'M' when TryDebugHeader(line) => LineClass.Plain,
            _ => Other(line),
        };
    }

    private LineClass Other(in LogLine line)
    {
        _lastWasProfileTime = false;
        // Only blank lines stand between a result and the debug callback's STDOUT: block.
        _lastResult = null;
        var content = line.Content;
        if (content[^1] == '*' && TryProfileTime(content))
            return LineClass.Plain;
        if (content[0] == 'F' && TryTraceFailures(line))
            return LineClass.Plain;
        if (content == "Totals")
            return StartTempestTotals(line);
        return TryMarker(line) ?? TryTestLine(line) ?? LineClass.Plain;
    }

    /// <summary>`FAILED - RETRYING: [host]: task (N retries left).`; before ansible 2.11 without the host.</summary>
    private LineClass Retrying(string content)
    {
        const string prefix = "FAILED - RETRYING: [";
        string? host = null;
        var end = content.StartsWith(prefix, StringComparison.Ordinal)
            ? content.IndexOf("]: ", prefix.Length, StringComparison.Ordinal) : -1;
        if (end > prefix.Length)
        {
            host = content[prefix.Length..end];
            // A delegated task's "[host -> delegate]" runs for host.
            var arrow = host.IndexOf(" -> ", StringComparison.Ordinal);
            host = arrow > 0 ? host[..arrow] : host;
        }
        _builder.Retrying(host);
        return LineClass.Warning;
    }

    private LineClass Ignoring()
    {
        _builder.Ignoring();
        return LineClass.Warning;
    }

    private bool IsAnsibleWarning(string content)
    {
        // ansible 2.4 printed " [WARNING]: ..." with a leading blank.
        content = content.TrimStart(' ');
        if (!content.StartsWith("[WARNING]", StringComparison.Ordinal)
            && !content.StartsWith("[DEPRECATION WARNING]", StringComparison.Ordinal))
            return false;
        _builder.AnsibleWarning();
        return true;
    }

    private static readonly SearchValues<string> SeverityWords =
        SearchValues.Create(["FAILED", "ERROR", "fatal:", "WARNING"], StringComparison.Ordinal);

    private static readonly SearchValues<string> ErrorWords =
        SearchValues.Create(["FAILED", "ERROR", "fatal:"], StringComparison.Ordinal);

    /// <summary>Highlighting by what a line says, for lines nothing else claimed.</summary>
    internal static LineClass ByContent(string content)
    {
        // One vectorised search for all four words; most lines have none.
        var at = content.AsSpan().IndexOfAny(SeverityWords);
        if (at < 0)
            return LineClass.Plain;
        if (content[at] != 'W' || content.AsSpan(at).IndexOfAny(ErrorWords) >= 0)
            return LineClass.Error;
        return LineClass.Warning;
    }
}
