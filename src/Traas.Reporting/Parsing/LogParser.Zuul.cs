using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// Zuul v3's console (zuul_stream): `ts | host | ok`, `ts | host | ERROR` and the JSON below it,
/// `ts | host | ok: 5 changed: 2 ...` recap rows. Everything else in a host's column is what the host
/// printed while its task ran (a nested ansible run among it): output, never results.
/// </summary>
internal sealed partial class LogParser
{
    private sealed class ZuulPayload(HostState target, string host, LineClass lineClass)
    {
        public HostState Target { get; } = target;
        public string Host { get; } = host;
        public LineClass LineClass { get; } = lineClass;
        public StringBuilder Text { get; } = new();
    }

    private ZuulPayload? _zuulPayload;

    [GeneratedRegex(@"^ok: (\d+) changed: (\d+) unreachable: (\d+) failed: (\d+)"
        + @"(?: skipped: (\d+) rescued: (\d+))?(?: ignored: (\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ZuulRecapRowPattern();

    private LineClass ZuulHostLine(in LogLine line)
    {
        var content = line.Content;
        var host = line.Host!;
        FinishPayload();
        if (_inRecap)
        {
            if (TryZuulRecapRow(line, out var recapClass))
                return recapClass;
            _inRecap = false;
        }
        if (_zuulPayload is { } payload)
        {
            if (payload.Host == host && ZuulStatusOf(content, out _) is null)
            {
                if (payload.Text.Length < ReportLimits.ResultBodyChars)
                    payload.Text.Append(content).Append('\n');
                return payload.LineClass;
            }
            FinishZuulPayload();
        }
        if (!InSection(SectionKind.Task))
            return LineClass.Plain;
        if (ZuulTestLine(line, host) is { } testClass)
        {
            _builder.HostOutput(host);
            return testClass;
        }
        if (ZuulResult(line, host) is { } resultClass)
            return resultClass;
        _builder.HostOutput(host);
        return LineClass.Plain;
    }

    /// <summary>
    /// subunit-trace's and stestr's output in a host's column (tempest run by a task, as devstack's
    /// jobs run it), read as it is without the column: `{N} id [1.2s] ... ok`, a failed test's
    /// attachments, the `--fails` block and the Totals. A test's attachments and the Totals are read
    /// from the column of the host that printed the test: another host's lines among them are its own.
    /// </summary>
    private LineClass? ZuulTestLine(in LogLine line, string host)
    {
        var content = line.Content;
        if (_testHost == host)
        {
            if ((_trace is not null || _inTraceFailures) && ContinueTrace(line))
                return LineClass.Plain;
            if (_inTempestTotals && TryTempestTotals(content))
                return LineClass.Marker;
        }
        if (content.Length == 0)
            return null;
        return content[0] switch
        {
            '{' => TryTempestTest(line),
            'T' when content == "Totals" => StartTempestTotals(line),
            'F' when TryTraceFailures(line) => LineClass.Plain,
            _ => null,
        };
    }

    private bool TryZuulRecapRow(in LogLine line, out LineClass lineClass)
    {
        lineClass = LineClass.Plain;
        var match = line.Content.Length <= MaxPatternChars ? ZuulRecapRowPattern().Match(line.Content) : Match.Empty;
        if (!match.Success)
            return false;
        int Count(int group) => match.Groups[group].Success
            ? LogNumber.Int(match.Groups[group].ValueSpan) : 0;
        var counts = new HostCounts(Count(1), Count(2), Count(3), Count(4), Count(5), Count(6), Count(7));
        // zuul_stream writes skipped and rescued from ansible 2.8 on, as the 7-counter form does.
        lineClass = RecapRow(new RecapRow(line.Host!, counts, match.Groups[5].Success, line.Number, IsZuul: true)
        {
            CountsIgnored = match.Groups[7].Success,
        });
        return true;
    }

    private LineClass? ZuulResult(in LogLine line, string host)
    {
        var content = line.Content;
        var kind = ZuulStatusOf(content, out var message);
        if (kind is null)
            return null;
        if (kind == ZuulStatus.Retrying)
        {
            _builder.Retrying(host);
            return LineClass.Warning;
        }
        if (kind == ZuulStatus.Included)
        {
            AddResult(line, ResultKind.Ok, host, isItem: false).Includes++;
            return LineClass.Ok;
        }
        if (kind == ZuulStatus.Error && message == "Ignoring Errors")
            return Ignoring();
        var resultKind = kind switch
        {
            ZuulStatus.Ok => ResultKind.Ok,
            ZuulStatus.Changed => ResultKind.Changed,
            ZuulStatus.Skipping => ResultKind.Skipping,
            _ => ResultKind.Failed,
        };
        var isItem = message?.StartsWith("Item: ", StringComparison.Ordinal) ?? false;
        var state = AddResult(line, resultKind, host, isItem);
        var lineClass = ClassOf(resultKind);
        if (resultKind == ResultKind.Skipping && message is { Length: > 0 })
            state.Message ??= message;
        if (resultKind == ResultKind.Failed)
        {
            if (message is { Length: > 0 } && !isItem)
                ResultPayload.AttachField(state, "msg", message);
            // The JSON result (or a message of several lines) follows in the host's column.
            _zuulPayload = new ZuulPayload(state, host, lineClass);
        }
        return lineClass;
    }

    private enum ZuulStatus
    {
        Ok,
        Changed,
        Skipping,
        Error,
        Included,
        Retrying,
    }

    /// <summary>zuul_stream's status words: `ok`, `ok: msg`, `changed`, `skipping: reason`, `ERROR`, ...</summary>
    private static ZuulStatus? ZuulStatusOf(string content, out string? message)
    {
        message = null;
        var colon = content.IndexOf(':');
        var word = colon < 0 ? content : content[..colon];
        ZuulStatus? status = word switch
        {
            "ok" => ZuulStatus.Ok,
            "changed" => ZuulStatus.Changed,
            "skipping" => ZuulStatus.Skipping,
            "ERROR" or "MODULE FAILURE" => ZuulStatus.Error,
            "included" => ZuulStatus.Included,
            "FAILED - RETRYING" => ZuulStatus.Retrying,
            _ => null,
        };
        if (status is null || colon < 0)
            return status;
        if (colon + 1 == content.Length)
        {
            message = "";
            return status;
        }
        if (content[colon + 1] != ' ')
            return null;
        message = content[(colon + 2)..];
        // "ok: [host]" is the default callback's line in a nested run's output, not Zuul's.
        return message.StartsWith('[') ? null : status;
    }

    private void FinishZuulPayload()
    {
        if (_zuulPayload is not { } payload)
            return;
        _zuulPayload = null;
        var text = payload.Text.ToString().TrimEnd('\n');
        if (text.Length == 0)
            return;
        if (text.StartsWith('{') && text.Contains("\"unreachable\": true", StringComparison.Ordinal))
            _builder.MarkUnreachable(payload.Target);
        ResultPayload.Attach(payload.Target, text, onlyMessage: false);
    }

    // Zuul 3.9 to 10 ran cleanup playbooks as a phase of their own, CLEANUP-RUN.
    [GeneratedRegex(@"^(PRE-RUN|RUN|POST-RUN|CLEANUP-RUN|CLEANUP) (START|END RESULT_([A-Z_]+)): \[(.*)\]$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ZuulPhasePattern();

    /// <summary>Zuul v3's phases: each is one ansible-playbook run, named after its playbook.</summary>
    private LineClass? ZuulPhase(in LogLine line)
    {
        var match = ZuulPhasePattern().Match(line.Content);
        if (!match.Success)
            return null;
        var target = match.Groups[4].Value;
        // "[untrusted : host/org/project/playbooks/run.yaml@master]"
        var colon = target.IndexOf(" : ", StringComparison.Ordinal);
        var name = colon >= 0 ? target[(colon + 3)..] : target;
        if (match.Groups[2].ValueSpan is "START")
        {
            BannerSeen(line);
            _builder.SawPlaybookBanner();
            StartRun(name, line.Number);
            return LineClass.Marker;
        }
        // The recap of the run this END closes is the phase's.
        var ownRun = _builder.RunOpen && InSection(SectionKind.Playbook);
        var passed = _builder.ZuulPhaseEnd(match.Groups[1].Value, match.Groups[3].Value,
            ownRun ? _builder.RunRecapFailingHosts : 0, line.Content, line.Number);
        if (ownRun)
        {
            _closingRunName = _builder.EndRun(null, passed, line.Number);
            if (!passed)
                MarkPlaybookFailed();
            _closeRunAfterLine = true;
        }
        return passed ? LineClass.Marker : LineClass.Error;
    }
}
