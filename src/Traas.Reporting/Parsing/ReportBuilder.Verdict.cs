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

    /// <summary>The job's last `exit N`: a non-zero code fails the job; 0 ends it when no other marker did.</summary>
    public void ExitMarker(int code, long line)
    {
        if (code != 0)
            FailMarker($"exit {code}", line);
        else
            _endMarker ??= ($"exit {code}", line);
    }

    /// <summary>A CI system's end line.</summary>
    /// <param name="decisive">
    /// False for a phase that ended well but does not end the job (Zuul's pre-run and post-run): only
    /// a failing one, or the run phase, decides.
    /// </param>
    public void CiEnd(bool passed, string reason, long line, bool decisive)
    {
        if (!passed)
            _ciFailed ??= (reason, line);
        else if (decisive)
            _ciPassed = (reason, line);
    }

    private (JobOutcome, string, long?, OutcomeSource) DecideOutcome(long lines)
    {
        if (_failMarker is { } fail)
            return (JobOutcome.Failed, fail.Reason, fail.Line, OutcomeSource.TripleoMarker);
        if (_endMarker is { } end)
            return (JobOutcome.Passed, end.Reason, end.Line, OutcomeSource.TripleoMarker);
        if (_ciFailed is { } ciFail)
            return (JobOutcome.Failed, ciFail.Reason, ciFail.Line, OutcomeSource.CiEndLine);
        if (_ciPassed is { } ciPass)
            return (JobOutcome.Passed, ciPass.Reason, ciPass.Line, OutcomeSource.CiEndLine);
        if (_recapLast && _lastRecapRows > 0)
        {
            return _lastRecapFailingHosts > 0
                ? (JobOutcome.Failed,
                    $"the last PLAY RECAP has {Plural.Of(_lastRecapFailingHosts, "host")} with failed or "
                    + "unreachable results", _lastRecapLine, OutcomeSource.PlayRecap)
                : (JobOutcome.Passed, "the last PLAY RECAP has no failed or unreachable host", _lastRecapLine,
                    OutcomeSource.PlayRecap);
        }
        return (JobOutcome.Unfinished,
            $"the log stops at line {lines} with no end marker (tripleo-ci, Zuul, Jenkins) and "
            + "no PLAY RECAP after its last ansible output: the job did not finish", null, OutcomeSource.None);
    }
}
