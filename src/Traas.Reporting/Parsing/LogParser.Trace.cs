using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// Why a test subunit-trace reports FAILED failed (stestr's and os-testr's subunit_trace.py): its
/// attachments (<see cref="TraceAttachments"/>), printed right after the `{N} id [1.2s] ... FAILED`
/// line, or with `--fails` after all the tests under `Failed N tests - output below:`, where each test's
/// id (with its `[id-...,smoke]` tags, which the FAILED line leaves out) is underlined with `-`.
/// </summary>
internal sealed partial class LogParser
{
    private TraceAttachments? _trace;
    private bool _inTraceFailures;
    private bool _traceRuleNext;
    private (string Id, long Line)? _traceHeader;

    [GeneratedRegex(@"^Failed \d+ tests? - output below:$", RegexOptions.CultureInvariant)]
    private static partial Regex TraceFailuresPattern();

    private bool TryTraceFailures(in LogLine line)
    {
        var content = line.Content;
        if (!content.StartsWith("Failed ", StringComparison.Ordinal) || content.Length > 80
            || !TraceFailuresPattern().IsMatch(content))
            return false;
        FinishTrace();
        (_inTraceFailures, _traceRuleNext, _traceHeader, _testHost) = (true, true, null, line.Host);
        return true;
    }

    /// <returns>True when the line is part of a failed test's attachments or of the failures' block.</returns>
    private bool ContinueTrace(in LogLine line)
    {
        var content = line.Content;
        if (_trace is { } trace)
        {
            if (trace.Continue(content))
                return true;
            FinishTrace();
        }
        if (!_inTraceFailures)
            return false;
        if (_traceRuleNext)
        {
            _traceRuleNext = false;
            if (content.Length > 0 && content.AsSpan().Trim('=').IsEmpty)
                return true;
        }
        if (content.Length == 0)
            return true;
        if (_traceHeader is { } header)
        {
            _traceHeader = null;
            if (content.Length >= 3 && content.AsSpan().Trim('-').IsEmpty)
            {
                _trace = new TraceAttachments(header.Id, header.Line);
                return true;
            }
        }
        // A test's id at the margin, underlined on the next line; anything else ends the block (the
        // Totals' rule of `=` comes next). Either way the line is read as any other.
        if (content[0] is ' ' or '=' || content.Contains(' ', StringComparison.Ordinal) && !content.EndsWith(')'))
            _inTraceFailures = false;
        else
            _traceHeader = (content, line.Number);
        return false;
    }

    private void FinishTrace()
    {
        if (_trace is not { } trace)
            return;
        _trace = null;
        if (trace.HasText)
            _builder.TestBlock(trace.ToTest());
    }

    private void FinishTraceFailures()
    {
        FinishTrace();
        _inTraceFailures = false;
    }
}
