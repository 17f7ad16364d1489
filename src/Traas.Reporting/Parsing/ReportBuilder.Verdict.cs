namespace Traas.Reporting.Parsing;

/// <summary>
/// The job's verdict, asked of the log in this order: tripleo-ci's markers; the CI system's own
/// end line; a last ansible output that is a PLAY RECAP; otherwise the job did not finish.
/// </summary>
internal sealed partial class ReportBuilder
{
    private (string Reason, long Line)? _failMarker;
    private (string Reason, long Line)? _endMarker;
    private (string Reason, long Line)? _ciFailed;
    private (string Reason, long Line)? _ciPassed;

    /// <summary>A tripleo-ci marker that says the job (or one of its playbooks) failed.</summary>
    public void FailMarker(string reason, long line) => _failMarker ??= (reason, line);

    /// <summary>A tripleo-ci marker that the job reached its end.</summary>
    public void EndMarker(string reason, long line) => _endMarker = (reason, line);

    /// <summary>
    /// The job's exit status line, `exit N` with nothing after it: a non-zero code fails the job; 0
    /// ends it when no other marker did.
    /// </summary>
    public void ExitMarker(int code, long line)
    {
        if (code != 0)
            FailMarker($"exit {code}", line);
        else
            _endMarker ??= ($"exit {code}", line);
    }

    /// <summary>Zuul v2's or Jenkins' end line: the job's result.</summary>
    public void CiEnd(bool passed, string reason, long line)
    {
        if (!passed)
            _ciFailed ??= (reason, line);
        else
            _ciPassed = (reason, line);
    }

    private sealed record Verdict(JobOutcome Outcome, string Reason, long? Line, OutcomeSource Source)
    {
        /// <summary>The CI system's word for a result the outcome does not say (timed out, post failure).</summary>
        public string? Headline { get; init; }

        /// <summary>For a job that did not finish: the task it was in.</summary>
        public RunningTask? StillRunning { get; init; }

        /// <summary>The CI system runs the build again (<see cref="JobReport.CiRetries"/>).</summary>
        public bool CiRetries { get; init; }
    }

    /// <param name="running">The task the log stops in, if any.</param>
    private Verdict DecideOutcome(long lines, RunningTask? running)
    {
        if (_failMarker is { } fail)
            return new Verdict(JobOutcome.Failed, fail.Reason, fail.Line, OutcomeSource.TripleoMarker);
        if (_endMarker is { } end)
            return new Verdict(JobOutcome.Passed, end.Reason, end.Line, OutcomeSource.TripleoMarker);
        if (_ciFailed is { } ciFail)
            return new Verdict(JobOutcome.Failed, ciFail.Reason, ciFail.Line, OutcomeSource.CiEndLine);
        if (_ciPassed is { } ciPass)
            return new Verdict(JobOutcome.Passed, ciPass.Reason, ciPass.Line, OutcomeSource.CiEndLine);
        if (_zuulResult is { } zuul)
        {
            return new Verdict(zuul.Outcome, zuul.Reason, zuul.Line, OutcomeSource.CiEndLine)
            {
                Headline = zuul.Headline,
                StillRunning = zuul.StillRunning,
                CiRetries = zuul.Retried,
            };
        }
        if (_recapLast && _lastRecapRows > 0)
        {
            return _lastRecapFailingHosts > 0
                ? new Verdict(JobOutcome.Failed,
                    $"the last PLAY RECAP has {Plural.Of(_lastRecapFailingHosts, "host")} with failed or "
                    + "unreachable results", _lastRecapLine, OutcomeSource.PlayRecap)
                : new Verdict(JobOutcome.Passed, "the last PLAY RECAP has no failed or unreachable host",
                    _lastRecapLine, OutcomeSource.PlayRecap);
        }
        return new Verdict(JobOutcome.Unfinished,
            $"the log stops at line {lines} with no end marker (tripleo-ci, Zuul, Jenkins) and "
            + "no PLAY RECAP after its last ansible output: the job did not finish"
            + (running is null ? "" : $"; it was in {Describe(running)}"), null, OutcomeSource.None)
        {
            StillRunning = running,
        };
    }
}
