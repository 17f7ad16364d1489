namespace Traas.Reporting.Parsing;

/// <summary>
/// Zuul v3's result, built from its phases as Zuul's executor builds it (zuul/executor/server.py,
/// AnsibleJob.runPlaybooks). A phase's `END RESULT_X` says how ansible-playbook ended (NORMAL,
/// TIMED_OUT, UNREACHABLE, ABORTED, DISK_FULL), not whether the playbook passed: a NORMAL phase
/// failed when its PLAY RECAP has a failed or unreachable host. A failing pre-run decides (Zuul
/// retries the build); the run phase decides next, TIMED_OUT and ABORTED being a job that did not
/// finish; a failing post-run turns only a passed run into POST_FAILURE, which is the
/// infrastructure's (the logs were not uploaded), not the change's: the job passed.
/// </summary>
internal sealed partial class ReportBuilder
{
    private sealed record ZuulResult(JobOutcome Outcome, string? Headline, string Reason, long Line)
    {
        public RunningTask? StillRunning { get; init; }
    }

    private ZuulResult? _zuulResult;
    /// <summary>A pre-run or run phase failed or did not finish: no later phase changes the result.</summary>
    private bool _zuulDecided;

    /// <summary>Hosts of the current run's PLAY RECAP with failed or unreachable results.</summary>
    public int RunRecapFailingHosts => _runRecap.Values.Count(c => c.Failed > 0 || c.Unreachable > 0);

    /// <summary>A Zuul v3 phase's END line.</summary>
    /// <param name="phase">PRE-RUN, RUN, POST-RUN or CLEANUP.</param>
    /// <param name="result">The word after RESULT_, as Zuul wrote it.</param>
    /// <param name="failingHosts">Hosts of the phase's PLAY RECAP with failed or unreachable results.</param>
    /// <returns>Whether the phase passed.</returns>
    public bool ZuulPhaseEnd(string phase, string result, int failingHosts, string content, long line)
    {
        var normal = result == "NORMAL";
        var passed = normal && failingHosts == 0;
        var reason = normal && !passed
            ? $"{content}: its PLAY RECAP has {Plural.Of(failingHosts, "host")} with failed or unreachable results"
            : content;
        if (_zuulDecided)
            return passed;
        switch (phase)
        {
            case "PRE-RUN" when !passed:
                _zuulResult = new ZuulResult(JobOutcome.Failed, null, reason, line);
                _zuulDecided = true;
                break;
            case "RUN":
                _zuulResult = result switch
                {
                    _ when passed => new ZuulResult(JobOutcome.Passed, null, reason, line),
                    "TIMED_OUT" => Stopped("timed out"),
                    "ABORTED" => Stopped("aborted"),
                    _ => new ZuulResult(JobOutcome.Failed, null, reason, line),
                };
                _zuulDecided = !passed;
                break;
            case "POST-RUN" when !passed:
                _zuulResult = _zuulResult is { Outcome: JobOutcome.Passed }
                    ? new ZuulResult(JobOutcome.Passed, "post failure", reason, line)
                    : new ZuulResult(JobOutcome.Failed, null, reason, line);
                _zuulDecided = true;
                break;
        }
        return passed;

        // Zuul stopped the run in the middle of a task: that task is what it was doing.
        ZuulResult Stopped(string headline)
        {
            var running = Running();
            return new ZuulResult(JobOutcome.Unfinished, headline,
                running is null ? reason : $"{reason}; it was in {Describe(running)}", line)
            {
                StillRunning = running,
            };
        }
    }
}
